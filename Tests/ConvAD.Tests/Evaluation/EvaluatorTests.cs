using System;
using System.Linq;
using ConvAD.Description;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using ConvAD.Imaging;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>The metrics measured through a model: a fake one whose answers are known, and the explainer's own results.</summary>
    public sealed class EvaluatorTests
    {
        // A 4×4 image whose object is the top-left 2×2 square.
        private static readonly int[] Square = { 0, 1, 4, 5 };

        [Fact]
        public void Robustness_pastes_the_explanation_onto_each_background_and_asks_the_plain_model()
        {
            var model = new ObjectPixelsModel(4, 4, Square);
            float[] input = model.ObjectImage();
            var mask = new float[16];
            mask[0] = 1f;

            // One object pixel kept (value 1). On black the object has q = 1/4: class 0, not counted. On white q = 1. On grey 0.6,
            // q = (1 + 3·0.6)/4 = 0.7: class 1 with confidence 0.7, counted for γ·p ≤ 0.7 only.
            BackgroundSet backgrounds = BackgroundSet.FromTensors(model.Shape, new[] { Filled(0f), Filled(1f), Filled(0.6f) });
            var scorer = new TargetScorer(model, OutputKind.Probabilities, batchSize: 2);
            RobustnessScore r = BackgroundRobustness.Measure(scorer, input, mask, backgrounds, target: 1, originalConfidence: 1.0, new[] { 0, 0.5, 0.75 });

            Assert.Equal(2 / 3.0, r.Shares[0], 12);
            Assert.Equal(2 / 3.0, r.Shares[1], 12);
            Assert.Equal(1 / 3.0, r.Shares[2], 12);
            Assert.Equal(2, model.PlainCalls);
            Assert.Equal(0, model.MaskedCalls);
        }

        [Fact]
        public void Composite_takes_explanation_pixels_from_the_image_in_every_channel_and_layout()
        {
            var mask = new float[] { 1, 0, 0, 1 };
            float[] image = Enumerable.Range(1, 12).Select(i => (float)i).ToArray();
            float[] background = Enumerable.Repeat(-1f, 12).ToArray();
            var composite = new float[12];

            BackgroundRobustness.Composite(image, mask, background, new ImageTensorShape(3, 2, 2, ImageTensorLayout.Nchw), composite);
            Assert.Equal(new float[] { 1, -1, -1, 4, 5, -1, -1, 8, 9, -1, -1, 12 }, composite);

            BackgroundRobustness.Composite(image, mask, background, new ImageTensorShape(3, 2, 2, ImageTensorLayout.Nhwc), composite);
            Assert.Equal(new float[] { 1, 2, 3, -1, -1, -1, -1, -1, -1, 10, 11, 12 }, composite);
        }

        [Theory]
        [InlineData("ad")]
        [InlineData("zero")]
        public void Insertion_and_deletion_follow_the_responsibility_ranking(string mode)
        {
            var model = new ObjectPixelsModel(4, 4, Square);
            float[] input = model.ObjectImage();
            var responsibility = new float[16];
            foreach (int p in Square)
            {
                responsibility[p] = 1f;
            }

            // 4 steps of 4 pixels: the first step inserts (or deletes) exactly the object, so insertion is 0,1,1,1,1 (AUC 0.875)
            // and deletion 1,0,0,0,0 (AUC 0.125), both under AD and under zero occlusion.
            var scorer = new TargetScorer(model, OutputKind.Probabilities);
            var inputs = new MutantInputs(Perturbation.Parse(mode), input, model.Shape);
            InsertionDeletionCurves c = InsertionDeletion.Measure(scorer, inputs, ResponsibilityOrder(responsibility), 4, 1, 1.0, seed: 0);

            Assert.Equal(new[] { 0.0, 1, 1, 1, 1 }, c.Insertion);
            Assert.Equal(new[] { 1.0, 0, 0, 0, 0 }, c.Deletion);
            Assert.Equal(0.875, c.InsertionAuc, 12);
            Assert.Equal(0.125, c.DeletionAuc, 12);
            Assert.Equal(mode == "ad", model.MaskedCalls > 0);
        }

        [Theory]
        [InlineData("ad")]
        [InlineData("zero")]
        [InlineData("random")]
        [InlineData("noise")]
        [InlineData("blur")]
        public void Evaluating_an_explainer_result_reproduces_its_size_and_confidence(string mode)
        {
            var model = new ObjectPixelsModel(6, 6, new[] { 7, 8, 13, 14, 20 });
            float[] input = model.ObjectImage();
            var explainer = new Explainer(model, OutputKind.Probabilities, options: new ExplainerOptions { Iterations = 3, Seed = 5, ChunkSize = 1 });
            ExplanationResult result = explainer.Explain(input, Perturbation.Parse(mode));
            var backgrounds = BackgroundSet.FromTensors(model.Shape, new[] { new float[36], Enumerable.Repeat(1f, 36).ToArray() });
            var evaluator = new ExplanationEvaluator(model, OutputKind.Probabilities, backgrounds, new EvaluationOptions { AucSteps = 6 });

            ExplanationMetrics m = evaluator.Evaluate(input, result);

            Assert.Equal(result.Explanation.Area, m.Area);
            Assert.Equal(result.Explanation.AreaFraction, m.Size);
            Assert.Equal(result.Target.Confidence, m.Confidence.Original);
            Assert.Equal(result.Explanation.Confidence, (float)m.Confidence.OnExplanation);

            // On white every object pixel is 1 (q = 1): always counted. On black only the kept object pixels count: under AD and zero
            // occlusion the explanation was found that way, so it keeps q > 0.5 there too; other modes may have leaned on their fill.
            Assert.All(m.Robustness.Shares, r => Assert.True(r >= 0.5));
            if (mode is "ad" or "zero")
            {
                Assert.Equal(new[] { 1.0, 1.0, 1.0 }, m.Robustness.Shares);
            }

            Assert.Equal(7, m.Curves.Insertion.Count);
            Assert.Equal(1.0, m.Curves.Insertion[^1], 6);
            Assert.Equal(1.0, m.Curves.Deletion[0], 6);
        }

        [Fact]
        public void Evaluator_rejects_backgrounds_of_another_shape()
        {
            var model = new ObjectPixelsModel(4, 4, Square);
            var other = BackgroundSet.FromTensors(new ImageTensorShape(1, 2, 2, ImageTensorLayout.Nchw), new[] { new float[4] });
            Assert.Throws<ArgumentException>(() => new ExplanationEvaluator(model, OutputKind.Probabilities, other));
        }

        private static float[] Filled(float value) => Enumerable.Repeat(value, 16).ToArray();

        private static int[] ResponsibilityOrder(float[] map) =>
            Enumerable.Range(0, map.Length).OrderByDescending(i => map[i]).ThenBy(i => i).ToArray();
    }
}
