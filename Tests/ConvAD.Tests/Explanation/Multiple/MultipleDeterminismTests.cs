using System.Collections.Generic;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Explanation;
using ConvAD.Imaging;
using Xunit;

namespace ConvAD.Tests.Explanation.Multiple
{
    /// <summary>Several and contrastive explanations are functions of the seed: the same for batch sizes 1, 7 and 64, on ResNet-20 with a real cat.</summary>
    public sealed class MultipleDeterminismTests
    {
        private static readonly ExplainerOptions Small = new ExplainerOptions { Iterations = 4, Seed = 11 };
        private static readonly int[] Batches = { 1, 7, 64 };

        public static TheoryData<string> Modes => new TheoryData<string> { "ad", "random" };

        private static Perturbation Mode(string name) => name == "ad" ? Perturbation.ActivationDeactivation : Perturbation.Occlusion(MaskingValue.Random);

        [Theory]
        [MemberData(nameof(Modes))]
        public void Several_explanations_do_not_depend_on_the_batch_size(string mode)
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            var options = new MultipleExplanationOptions { Count = 3, Steps = 6 };
            List<MultipleExplanationResult> results = Batches
                .Select(b => model.CreateExplainer(Small with { BatchSize = b }).ExplainMultiple(input, Mode(mode), options))
                .ToList();
            MultipleExplanationResult first = results[0];
            Assert.True(first.Count >= 1);
            foreach (MultipleExplanationResult r in results.Skip(1))
            {
                Assert.Equal(first.Count, r.Count);
                Assert.Equal(first.Stop, r.Stop);
                Assert.Equal(first.Spotlights, r.Spotlights);
                for (int k = 0; k < first.Count; k++)
                {
                    Assert.Equal(first.Explanations[k].Explanation.ToArray(), r.Explanations[k].Explanation.ToArray());
                    Assert.Equal(first.Explanations[k].Explanation.Confidence, r.Explanations[k].Explanation.Confidence);
                    Assert.Equal(first.Explanations[k].Explanation.NoiseKey, r.Explanations[k].Explanation.NoiseKey);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Modes))]
        public void Contrastive_explanations_do_not_depend_on_the_batch_size(string mode)
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            int runnerUp = model.Predict(input, 1, 2)[0][1].Index;
            List<ContrastiveExplanationResult> results = Batches
                .Select(b => model.CreateExplainer(Small with { BatchSize = b, Minimise = true }).ExplainContrastive(input, Mode(mode), runnerUp))
                .ToList();
            ContrastiveExplanationResult first = results[0];
            foreach (ContrastiveExplanationResult r in results.Skip(1))
            {
                Assert.Equal(first.Found, r.Found);
                Assert.Equal(first.Region.ToArray(), r.Region.ToArray());
                Assert.Equal(first.Confidence, r.Confidence);
                Assert.Equal(first.Responsibility.ToArray(), r.Responsibility.ToArray());
                Assert.Equal(first.ContrastResponsibility.ToArray(), r.ContrastResponsibility.ToArray());
            }
        }

        [Fact]
        public void The_runner_up_of_a_real_cat_is_reached_by_removing_a_region_and_the_flip_is_real()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            Prediction runnerUp = model.Predict(input, 1, 2)[0][1];
            Explainer explainer = model.CreateExplainer(Small);
            ContrastiveExplanationResult result = explainer.ExplainContrastive(input, Perturbation.ActivationDeactivation, runnerUp.Index);
            Assert.True(result.Found);
            Assert.InRange(result.AreaFraction, 0.0, 0.999);
            MutantVerdict again = explainer.Evaluate(input, result.KeepMask(), Perturbation.ActivationDeactivation, runnerUp.Index, result.NoiseKey);
            Assert.True(again.Passes);
        }
    }
}
