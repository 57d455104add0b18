using System;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Plan;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// The two AD variants (<see cref="PlanOptions.Fill"/> = stem, <see cref="PlanOptions.RenormaliseGlobalMean"/> = false):
    /// each keeps AD's invariants and differs from AD exactly where it should.
    /// </summary>
    public sealed class AdVariantTests
    {
        private static readonly PlanOptions StemFill = PlanOptions.Default with { Fill = NeighbourFill.Stem };
        private static readonly PlanOptions PlainMean = PlanOptions.Default with { RenormaliseGlobalMean = false };
        private readonly ITestOutputHelper _output;

        public AdVariantTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static string ResNet20 => RepoPaths.File("models", "cifar10", "resnet20.convad.json");

        private static float[] Half => Enumerable.Range(0, 32 * 32).Select(i => i % 32 < 16 ? 1f : 0f).ToArray();

        [Theory]
        [InlineData("stem")]
        [InlineData("plain-mean")]
        public void Each_variant_keeps_the_invariants_on_ResNet20(string variant)
        {
            using ImageClassifier classifier = ImageClassifier.Load(ResNet20, new EngineOptions { Plan = variant == "stem" ? StemFill : PlainMean });
            float[] images = classifier.LoadInputs(RealModelFiles.Images("cifar10-test", 3));
            InvariantAssert.Holds(classifier.Model, images, masks: 16, seed: 5, _output);
            RewrittenGraph.AssertIgnoresOccludedPixels(classifier.Model, images.AsSpan(0, classifier.Model.ImageSize).ToArray());
        }

        [Fact]
        public void The_stem_fill_changes_only_the_convolutions_that_read_the_image()
        {
            using ImageClassifier classifier = ImageClassifier.Load(ResNet20, new EngineOptions { Plan = StemFill });
            ConvAdPlan plan = classifier.Model.Plan;
            PlanCheckpoint[] filled = plan.Checkpoints.Where(c => c.FillSteps > 0).ToArray();
            Assert.NotEmpty(filled);
            Assert.All(filled, c => Assert.Equal(MaskOrigin.Input, plan.Masks[c.MaskId].Origin));
            Assert.All(plan.Checkpoints.Where(c => plan.Masks[c.MaskId].Origin != MaskOrigin.Input), c => Assert.Equal(0, c.FillSteps));
        }

        [Fact]
        public void The_stem_fill_differs_from_AD_at_a_mask_edge_and_nowhere_else()
        {
            using ImageClassifier ad = ImageClassifier.Load(ResNet20);
            using ImageClassifier stem = ImageClassifier.Load(ResNet20, new EngineOptions { Plan = StemFill });
            float[] image = ad.LoadInputs(RealModelFiles.Images("cifar10-test", 1));
            Assert.NotEqual(ad.Model.Run(image, Half, 1), stem.Model.Run(image, Half, 1));
            // With nothing occluded nothing is filled, and with nothing present every fill is 0: both are AD exactly.
            float[] ones = Enumerable.Repeat(1f, 32 * 32).ToArray();
            Assert.Equal(ad.Model.Run(image, ones, 1), stem.Model.Run(image, ones, 1));
            Assert.Equal(ad.Model.Run(image, new float[32 * 32], 1), stem.Model.Run(image, new float[32 * 32], 1));
        }

        /// <summary>
        /// On the reference net (its head is the global average itself) the plain mean is the renormalised one times the
        /// present share of the last grid: Σx·m / HW = (Σx·m / Σm) · (Σm / HW). With nothing occluded the share is 1.
        /// </summary>
        [Fact]
        public void The_plain_global_mean_is_the_renormalised_one_times_the_present_share()
        {
            string net = RepoPaths.File("Tests", "Fixtures", "models", "semantics", "reference_net.onnx");
            using ConvAdModel ad = ConvAdModel.Load(net);
            using ConvAdModel plain = ConvAdModel.Load(net, new EngineOptions { Plan = PlainMean });
            Assert.DoesNotContain(plain.Plan.Nodes, n => n.Correction == OutputCorrection.MaskedGlobalMean);
            float[] x = Enumerable.Range(0, 36).Select(i => (float)Math.Cos(i)).ToArray();
            // Columns 0 and 1 present: τ = 0.5 keeps columns 0 and 1 of conv1 (Φ = 1, 2/3; column 2 has 1/3), the pool keeps
            // pooled column 0 only, and conv2 keeps its column 0 (Φ = 1/2; column 1 has 1/3): 3 of the 9 positions.
            float[] left = Enumerable.Range(0, 36).Select(i => i % 6 < 2 ? 1f : 0f).ToArray();
            float[] renormalised = ad.Run(x, left, 1), unnormalised = plain.Run(x, left, 1);
            Assert.NotEqual(0f, renormalised[0]);
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(renormalised[c] * 3.0 / 9.0, unnormalised[c], 5);
            }

            float[] ones = Enumerable.Repeat(1f, 36).ToArray();
            Assert.Equal(ad.Run(x, ones, 1), plain.Run(x, ones, 1));
        }
    }
}
