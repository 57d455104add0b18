using ConvAD.Classification;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary>
    /// <see cref="ExplainerOptions.MutantBudget"/> bounds the whole explanation — the empty mask, the search, the extraction
    /// and the minimisation — and what it returns is still a mask that was evaluated, with that verdict.
    /// </summary>
    public sealed class MutantBudgetTests
    {
        private static readonly ExplainerOptions Small = new ExplainerOptions { Iterations = 4, Seed = 7 };

        [Fact]
        public void Without_a_budget_the_explanation_evaluates_more_than_the_budgets_tried_below()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            ExplanationResult r = model.CreateExplainer(Small with { Minimise = true }).Explain(input, Perturbation.ActivationDeactivation);
            Assert.True(r.MutantsEvaluated > 300, $"only {r.MutantsEvaluated} mutants: the budgets below would not bind");
            Assert.True(r.MutantsEvaluated - r.SearchMutants > 1 + 10, "the extraction and minimisation evaluated almost nothing");
        }

        [Theory]
        [InlineData(2, false)]
        [InlineData(3, true)]
        [InlineData(15, false)]
        [InlineData(64, true)]
        [InlineData(64, false)]
        [InlineData(300, true)]
        public void Budget_n_evaluates_at_most_n_mutants(int budget, bool minimise)
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            Explainer explainer = model.CreateExplainer(Small with { MutantBudget = budget, Minimise = minimise });
            ExplanationResult r = explainer.Explain(input, Perturbation.ActivationDeactivation);

            Assert.InRange(r.MutantsEvaluated, 1, budget);
            Assert.InRange(r.SearchMutants, 0, budget - 2);
            if (r.Explanation.IsSufficient)
            {
                MutantVerdict v = explainer.Evaluate(input, r.Explanation.Mask, r.Perturbation, r.Target.Index, r.Explanation.NoiseKey);
                Assert.True(v.Passes);
                Assert.Equal(r.Explanation.Confidence, v.Confidence);
            }
        }

        [Fact]
        public void A_budget_below_two_is_refused() =>
            Assert.Throws<System.ArgumentException>(() => new ExplainerOptions { MutantBudget = 1 }.Validate());
    }
}
