using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using ConvAD.Tests.Explanation;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>
    /// The evaluation's batch memory budget (EvaluationOptions.MaxBatchBytes): the scorer's batches shrink to fit it, the
    /// metrics do not change, and an image whose buffers alone exceed it is refused before anything is scored.
    /// </summary>
    public sealed class ScorerBatchMemoryTests
    {
        [Fact]
        public void Batches_of_one_give_the_same_metrics_as_the_default_budget()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            ExplanationResult result = classifier.CreateExplainer(new ExplainerOptions { Iterations = 1, Seed = 5 }).Explain(input, Perturbation.ActivationDeactivation);
            BackgroundSet backgrounds = BackgroundSets.ForClassifier(classifier, 6, seed: 3);
            long perImage = MutantEvaluator.BytesPerMutant(classifier.Model);
            var wide = new ExplanationEvaluator(classifier.Model, classifier.Description.Output, backgrounds, new EvaluationOptions { AucSteps = 4 });
            var tight = new ExplanationEvaluator(classifier.Model, classifier.Description.Output, backgrounds,
                new EvaluationOptions { AucSteps = 4, MaxBatchBytes = perImage + perImage / 2 });

            ExplanationMetrics a = wide.Evaluate(input, result), b = tight.Evaluate(input, result);

            Assert.Equal(1, new TargetScorer(classifier.Model, classifier.Description.Output, 64, perImage + perImage / 2).BatchSize);
            Assert.Equal(64, new TargetScorer(classifier.Model, classifier.Description.Output).BatchSize);
            Assert.Equal(a.Robustness.Shares, b.Robustness.Shares);
            Assert.Equal(a.AbsoluteRobustness!.Shares, b.AbsoluteRobustness!.Shares);
            Assert.Equal(a.TopRobustness.SelectMany(t => t.Score.Shares), b.TopRobustness.SelectMany(t => t.Score.Shares));
            Assert.Equal(a.Curves.Insertion, b.Curves.Insertion);
            Assert.Equal(a.Curves.Deletion, b.Curves.Deletion);
            Assert.Equal(a.Confidence.OnExplanation, b.Confidence.OnExplanation);
            Assert.True(a.Curves.Insertion.Distinct().Count() > 1, "flat insertion curve: the comparison proves little");
        }

        [Fact]
        public void An_image_over_the_budget_is_refused_naming_the_option()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            long perImage = MutantEvaluator.BytesPerMutant(classifier.Model);
            var e = Assert.Throws<BatchMemoryException>(() => new ExplanationEvaluator(classifier.Model, classifier.Description.Output,
                BackgroundSets.ForClassifier(classifier, 3, seed: 1), new EvaluationOptions { MaxBatchBytes = perImage - 1 }));
            Assert.Contains("EvaluationOptions.MaxBatchBytes, --max-batch-mb", e.Message);
        }
    }
}
