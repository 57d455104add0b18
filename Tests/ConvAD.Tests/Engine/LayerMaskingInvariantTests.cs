using System;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>Layer masking (<see cref="PlanOptions.LayerMasking"/>) on the real models: the invariants AD has, and the fill it adds.</summary>
    public sealed class LayerMaskingInvariantTests
    {
        private readonly ITestOutputHelper _output;

        public LayerMaskingInvariantTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData("cifar10/resnet20.convad.json", "cifar10-test")]
        [InlineData("squeezenet1.1/squeezenet1.1-fp16.convad.json", "photos")]
        [InlineData("shufflenet-v2/shufflenet-v2-12-qdq.convad.json", "photos")]
        public void Identity_no_leak_and_batch_independence_hold(string sidecar, string images)
        {
            using ImageClassifier classifier = ImageClassifier.Load(RepoPaths.File("models", sidecar), new EngineOptions { Plan = PlanOptions.LayerMasking });
            Assert.Contains(classifier.Model.Plan.Checkpoints, c => c.FillSteps > 0);
            InvariantAssert.Holds(classifier.Model, classifier.LoadInputs(RealModelFiles.Images(images, 3)), masks: 16, seed: 3, _output);
        }

        [Theory]
        [InlineData("cifar10/resnet20.convad.json", "cifar10-test")]
        [InlineData("squeezenet1.1/squeezenet1.1-fp16.convad.json", "photos")]
        [InlineData("shufflenet-v2/shufflenet-v2-12-qdq.convad.json", "photos")]
        public void The_rewritten_graph_never_reads_occluded_pixels(string sidecar, string images)
        {
            using ImageClassifier classifier = ImageClassifier.Load(RepoPaths.File("models", sidecar), new EngineOptions { Plan = PlanOptions.LayerMasking });
            RewrittenGraph.AssertIgnoresOccludedPixels(classifier.Model, classifier.LoadInputs(RealModelFiles.Images(images, 1)));
        }

        /// <summary>A model loaded with AD runs layer masking through <see cref="ConvAdModel.RunLayerMasked"/>: the same numbers as a model loaded with the layer-masking plan.</summary>
        [Fact]
        public void The_layer_masking_forward_of_an_AD_model_is_the_layer_masking_plan()
        {
            string path = RepoPaths.File("models", "cifar10", "resnet20.convad.json");
            using ImageClassifier ad = ImageClassifier.Load(path);
            using ImageClassifier layerMasking = ImageClassifier.Load(path, new EngineOptions { Plan = PlanOptions.LayerMasking });
            float[] images = ad.LoadInputs(RealModelFiles.Images("cifar10-test", 2));
            float[] masks = MaskPatterns.Generate(32, 32, 2, seed: 9).SelectMany(m => m.Values).ToArray();
            var viaAd = new float[2 * ad.Model.ClassCount];
            ad.Model.RunLayerMasked(images, masks, 2, viaAd);
            Assert.Equal(layerMasking.Model.Run(images, masks, 2), viaAd);
            Assert.NotEqual(ad.Model.Run(images, masks, 2), viaAd);
        }

        /// <summary>
        /// The fill is what separates layer masking from AD with the same max-pooled mask (τ = any): under a half mask
        /// the two differ, and on the all-ones mask both are the plain model.
        /// </summary>
        [Fact]
        public void Neighbour_fill_is_what_differs_from_AD_with_the_same_mask_rule()
        {
            string path = RepoPaths.File("models", "cifar10", "resnet20.convad.json");
            using ImageClassifier any = ImageClassifier.Load(path, new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Any } });
            using ImageClassifier layerMasking = ImageClassifier.Load(path, new EngineOptions { Plan = PlanOptions.LayerMasking });
            float[] image = any.LoadInputs(RealModelFiles.Images("cifar10-test", 1));
            float[] half = Enumerable.Range(0, 32 * 32).Select(i => i % 32 < 16 ? 1f : 0f).ToArray();
            float[] ones = Enumerable.Repeat(1f, 32 * 32).ToArray();
            Assert.NotEqual(any.Model.Run(image, half, 1), layerMasking.Model.Run(image, half, 1));
            Assert.Equal(layerMasking.Model.RunPlain(image, 1), layerMasking.Model.Run(image, ones, 1));
        }
    }
}
