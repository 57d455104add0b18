using System.Linq;
using ConvAD.Classification;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using ConvAD.Tests.Explanation;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>The evaluator on real models: its independent P(c|E) is the explainer's, and the whole image is robust on every background.</summary>
    public sealed class RealModelEvaluationTests
    {
        [Theory]
        [InlineData(ExplainerFixture.Mnist)]
        [InlineData(ExplainerFixture.ResNet20)]
        public void Recomputed_confidence_equals_the_explainers_for_every_mode(string model)
        {
            ImageClassifier classifier = ExplainerFixture.Model(model);
            float[] input = ExplainerFixture.Input(model);
            var explainer = classifier.CreateExplainer(new ExplainerOptions { Iterations = 1, Seed = 2 });
            var evaluator = new ExplanationEvaluator(classifier.Model, classifier.Description.Output,
                BackgroundSets.ForClassifier(classifier, 3, seed: 2), new EvaluationOptions { AucSteps = 2 });

            foreach (Perturbation mode in Perturbation.All())
            {
                ExplanationResult result = explainer.Explain(input, mode);
                ExplanationMetrics metrics = evaluator.Evaluate(input, result);
                Assert.Equal(result.Explanation.Confidence, (float)metrics.Confidence.OnExplanation);
            }
        }

        [Fact]
        public void The_whole_image_as_explanation_keeps_its_class_on_every_background()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            var scorer = new TargetScorer(classifier.Model, classifier.Description.Output);
            var prediction = classifier.Predict(input, 1, 1)[0][0];
            int target = prediction.Index;
            float[] all = Enumerable.Repeat(1f, 32 * 32).ToArray();
            float[] none = new float[32 * 32];
            BackgroundSet backgrounds = BackgroundSets.ForClassifier(classifier, 6, seed: 1);

            RobustnessScore whole = BackgroundRobustness.Measure(scorer, input, all, backgrounds, target, prediction.Confidence, new[] { 0.0, 0.5 });
            RobustnessScore empty = BackgroundRobustness.Measure(scorer, input, none, backgrounds, target, prediction.Confidence, new[] { 0.0 });
            Assert.Equal(new[] { 1.0, 1.0 }, whole.Shares);
            Assert.True(empty.Shares[0] < 1, "with nothing pasted, six backgrounds alone should not all be classified as the image's class");
        }
    }
}
