using System;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary>
    /// The batch memory budget (ExplainerOptions.MaxBatchBytes, EngineOptions.MaxBatchBytes): it lowers the batch size, never
    /// the result, and refuses an image that alone exceeds it before anything is allocated.
    /// </summary>
    public sealed class BatchMemoryTests
    {
        private static readonly ExplainerOptions Small = new ExplainerOptions { Iterations = 4, Seed = 7, Minimise = true };

        [Fact]
        public void A_budget_that_forces_batches_of_one_gives_the_same_explanation_as_no_budget()
        {
            string path = ExplainerFixture.ModelPath(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            using ImageClassifier unlimited = ImageClassifier.Load(path, new EngineOptions { MaxBatchBytes = long.MaxValue });
            long perImage = unlimited.Model.BytesPerImage;
            long perMutant = MutantEvaluator.BytesPerMutant(unlimited.Model);
            // One image, one mutant: the engine splits every call into single images, the explainer holds one slot.
            using ImageClassifier budgeted = ImageClassifier.Load(path, new EngineOptions { MaxBatchBytes = perImage });
            Assert.Equal(1, budgeted.Model.BatchStep);
            Assert.Equal(64, unlimited.Model.BatchStep);

            ExplanationResult free = unlimited.CreateExplainer(Small with { MaxBatchBytes = long.MaxValue }).Explain(input, Perturbation.ActivationDeactivation);
            ExplanationResult tight = budgeted.CreateExplainer(Small with { MaxBatchBytes = perMutant + perMutant / 2 }).Explain(input, Perturbation.ActivationDeactivation);

            Assert.Equal(free.Responsibility.ToArray(), tight.Responsibility.ToArray());
            Assert.Equal(free.Explanation.ToArray(), tight.Explanation.ToArray());
            Assert.Equal(free.SearchMutants, tight.SearchMutants);
            Assert.True(free.Responsibility.Max > 0);
            Assert.Equal(tight.MutantsEvaluated + 1, tight.EngineCalls); // one mutant per call, plus the target's prediction
            Assert.True(free.EngineCalls < tight.EngineCalls);
        }

        [Fact]
        public void The_engine_gives_the_same_scores_in_batches_of_one()
        {
            string path = ExplainerFixture.ModelPath(ExplainerFixture.ResNet20);
            using ConvAdModel free = ConvAdModel.Load(path);
            using ConvAdModel tight = ConvAdModel.Load(path, new EngineOptions { MaxBatchBytes = free.BytesPerImage * 3 - 1 });
            Assert.Equal(2, tight.BatchStep);
            AssertSameScores(free, tight, count: 7, seed: 3);
        }

        /// <summary>Two loads of one model whose engines split batches differently give the same scores, masked and plain.</summary>
        internal static void AssertSameScores(ConvAdModel whole, ConvAdModel split, int count, int seed)
        {
            var rng = new Random(seed);
            float[] images = Enumerable.Range(0, count * whole.ImageSize).Select(_ => (float)rng.NextDouble()).ToArray();
            float[] masks = Enumerable.Range(0, count * whole.MaskSize).Select(_ => rng.NextDouble() < 0.6 ? 1f : 0f).ToArray();
            Assert.Equal(whole.Run(images, masks, count), split.Run(images, masks, count));
            Assert.Equal(whole.RunPlain(images, count), split.RunPlain(images, count));
        }

        [Fact]
        public void One_image_over_the_engines_budget_is_refused_at_load()
        {
            // 3×9000×9000 passes validation (under 2^28 values), but one image with its mask and the first Conv's output is
            // about 3.6 GB: over the default 2 GiB, refused before any session or input exists.
            byte[] onnx = HostileModels.Write(new HostileModels.Spec { Height = 9000, Width = 9000 });
            BatchMemoryException e = Assert.Throws<BatchMemoryException>(() => ConvAdModel.Load(onnx, "big"));
            Assert.Contains("one image of model 'big' (3×9000×9000", e.Message);
            Assert.Contains("over the batch memory budget of 2048 MiB (EngineOptions.MaxBatchBytes, --max-batch-mb)", e.Message);
            Assert.DoesNotContain("\n", e.Message);
            Assert.True(e.BytesPerItem > 3_000_000_000L, $"{e.BytesPerItem} bytes: the estimate leaves out the activations");

            // A budget that fits one image loads it, in batches of one.
            using ConvAdModel model = ConvAdModel.Load(onnx, "big", new EngineOptions { MaxBatchBytes = 5L << 30 });
            Assert.Equal(1, model.BatchStep);
        }

        [Fact]
        public void One_mutant_over_the_explainers_budget_is_refused_before_its_buffers_exist()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            long perMutant = MutantEvaluator.BytesPerMutant(model.Model);
            Explainer explainer = model.CreateExplainer(Small with { MaxBatchBytes = perMutant - 1 });
            BatchMemoryException e = Assert.Throws<BatchMemoryException>(() => explainer.Explain(input, Perturbation.ActivationDeactivation));
            Assert.Contains("one mutant of a", e.Message);
            Assert.Contains("(ExplainerOptions.MaxBatchBytes, --max-batch-mb)", e.Message);
            Assert.Equal(perMutant, e.BytesPerItem);
        }

        [Fact]
        public void A_budget_below_one_byte_is_an_invalid_option()
        {
            Assert.Throws<ArgumentException>(() => new ExplainerOptions { MaxBatchBytes = 0 }.Validate());
        }
    }
}
