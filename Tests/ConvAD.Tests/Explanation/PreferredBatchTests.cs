using System;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary>
    /// EngineOptions.PreferredBatchBytes: on the CPU the engine splits batches whose activations would be large (ONNX Runtime
    /// keeps the memory of the largest batch it ran) down to one image, never refusing a model and never changing a result.
    /// </summary>
    public sealed class PreferredBatchTests
    {
        [Fact]
        public void The_default_splits_squeezenets_batches_and_leaves_resnet20s_whole()
        {
            using ConvAdModel squeezeNet = ConvAdModel.Load(ExplainerFixture.ModelPath(ExplainerFixture.SqueezeNet));
            using ConvAdModel resNet20 = ConvAdModel.Load(ExplainerFixture.ModelPath(ExplainerFixture.ResNet20));
            // SqueezeNet at 224×224: about 7 MB a image (its first Conv's output alone is 64×111×111 floats), so 64 are ~450 MB.
            Assert.InRange(squeezeNet.BytesPerImage, 4L << 20, 16L << 20);
            Assert.Equal((int)(EngineOptions.DefaultPreferredBatchBytes / squeezeNet.BytesPerImage), squeezeNet.BatchStep);
            Assert.InRange(squeezeNet.BatchStep, 2, 63);
            // ResNet-20 on 32×32: 0.2 MB a image, 64 of them well under the preference.
            Assert.Equal(64, resNet20.BatchStep);
        }

        [Fact]
        public void A_preference_below_one_image_runs_one_image_a_call_instead_of_refusing()
        {
            string path = ExplainerFixture.ModelPath(ExplainerFixture.ResNet20);
            using ConvAdModel tiny = ConvAdModel.Load(path, new EngineOptions { PreferredBatchBytes = 1 });
            Assert.Equal(1, tiny.BatchStep);
            using ConvAdModel none = ConvAdModel.Load(path, new EngineOptions { PreferredBatchBytes = 0 });
            Assert.Equal(1, none.BatchStep);
            // The hard budget still wins where it is the smaller.
            using ConvAdModel capped = ConvAdModel.Load(path, new EngineOptions { PreferredBatchBytes = long.MaxValue, MaxBatchBytes = tiny.BytesPerImage * 5 });
            Assert.Equal(5, capped.BatchStep);
        }

        [Fact]
        public void Gpu_providers_ignore_the_preference()
        {
            // No session is built (BatchStep needs only the plan), so this runs without a GPU.
            string path = ExplainerFixture.ModelPath(ExplainerFixture.SqueezeNet);
            using ConvAdModel cuda = ConvAdModel.Load(path, new EngineOptions { Provider = ExecutionProvider.Cuda });
            Assert.Equal(64, cuda.BatchStep);
        }

        [Fact]
        public void The_engine_gives_the_same_scores_split_by_the_preference()
        {
            string path = ExplainerFixture.ModelPath(ExplainerFixture.ResNet20);
            using ConvAdModel whole = ConvAdModel.Load(path, new EngineOptions { PreferredBatchBytes = long.MaxValue });
            using ConvAdModel split = ConvAdModel.Load(path, new EngineOptions { PreferredBatchBytes = whole.BytesPerImage * 3 - 1 });
            Assert.Equal(2, split.BatchStep);
            BatchMemoryTests.AssertSameScores(whole, split, count: 9, seed: 5);
        }

        [Fact]
        public void An_explanation_in_calls_of_one_image_is_the_explanation_in_whole_batches()
        {
            string path = ExplainerFixture.ModelPath(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            var options = new ExplainerOptions { Iterations = 3, Seed = 11 };
            using ImageClassifier whole = ImageClassifier.Load(path, new EngineOptions { PreferredBatchBytes = long.MaxValue });
            using ImageClassifier single = ImageClassifier.Load(path, new EngineOptions { PreferredBatchBytes = 1 });
            ExplanationResult a = whole.CreateExplainer(options).Explain(input, Perturbation.ActivationDeactivation);
            ExplanationResult b = single.CreateExplainer(options).Explain(input, Perturbation.ActivationDeactivation);
            Assert.Equal(a.Responsibility.ToArray(), b.Responsibility.ToArray());
            Assert.Equal(a.Explanation.ToArray(), b.Explanation.ToArray());
            Assert.Equal(a.MutantsEvaluated, b.MutantsEvaluated);
            Assert.True(a.Responsibility.Max > 0);
            Assert.Equal(a.SearchMutants, b.SearchMutants);
            // The explainer's batches are the same (it counts its own calls); only the engine splits them into ONNX Runtime calls.
            Assert.Equal(a.EngineCalls, b.EngineCalls);
            Assert.True(a.MutantsEvaluated > a.EngineCalls);
        }
    }
}
