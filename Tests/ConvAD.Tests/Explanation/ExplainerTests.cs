using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    public sealed class ExplainerTests
    {
        private static readonly ExplainerOptions Small = new ExplainerOptions { Iterations = 4, Seed = 7 };

        public static IEnumerable<object[]> Modes() => Perturbation.All().Select(p => new object[] { p.Name });

        [Theory]
        [MemberData(nameof(Modes))]
        public void Explanation_is_sufficient_when_evaluated_independently(string mode)
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            Perturbation perturbation = Perturbation.Parse(mode);
            ExplanationResult r = model.CreateExplainer(Small).Explain(input, perturbation);

            Assert.True(r.Explanation.IsSufficient);
            Assert.InRange(r.Explanation.Area, 1, r.Explanation.PrefixPixels);
            Assert.Equal(r.Explanation.Area, r.Explanation.Mask.ToArray().Count(m => m == 1f));
            float[] scores = IndependentScores(model, input, r.Explanation, perturbation);
            Assert.Equal(r.Target.Index, ArgMax(scores));
        }

        [Fact]
        public void Same_seed_gives_identical_map_and_mask_for_batch_sizes_1_14_and_64()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            ExplanationResult[] runs = new[] { 1, 14, 64 }
                .Select(b => model.CreateExplainer(Small with { BatchSize = b, Minimise = true }).Explain(input, Perturbation.ActivationDeactivation))
                .ToArray();

            foreach (ExplanationResult r in runs.Skip(1))
            {
                Assert.Equal(runs[0].Responsibility.ToArray(), r.Responsibility.ToArray());
                Assert.Equal(runs[0].Explanation.ToArray(), r.Explanation.ToArray());
                Assert.Equal(runs[0].SearchMutants, r.SearchMutants);
            }

            Assert.True(runs[0].Responsibility.Max > 0);
            Assert.True(runs[0].EngineCalls > runs[2].EngineCalls, "batch size 1 must make more engine calls than 64");
        }

        [Fact]
        public void Same_seed_gives_identical_results_for_any_thread_count_and_masking_noise()
        {
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            var results = new List<ExplanationResult>();
            foreach ((int threads, int batch) in new[] { (1, 64), (2, 5) })
            {
                using ImageClassifier model = ImageClassifier.Load(ExplainerFixture.ModelPath(ExplainerFixture.ResNet20), new EngineOptions { IntraOpThreads = threads });
                results.Add(model.CreateExplainer(Small with { BatchSize = batch }).Explain(input, Perturbation.Occlusion(MaskingValue.Noise)));
            }

            Assert.Equal(results[0].Responsibility.ToArray(), results[1].Responsibility.ToArray());
            Assert.Equal(results[0].Explanation.ToArray(), results[1].Explanation.ToArray());
        }

        [Fact]
        public void A_different_seed_gives_a_different_map()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            float[] a = model.CreateExplainer(Small).Explain(input, Perturbation.ActivationDeactivation).Responsibility.ToArray();
            float[] b = model.CreateExplainer(Small with { Seed = 8 }).Explain(input, Perturbation.ActivationDeactivation).Responsibility.ToArray();
            Assert.NotEqual(a, b);
        }

        [Theory]
        [InlineData(ExplainerFixture.ResNet20)]
        [InlineData(ExplainerFixture.Mnist)]
        public void In_AD_no_verdict_depends_on_the_removed_pixels(string name)
        {
            ImageClassifier model = ExplainerFixture.Model(name);
            float[] input = ExplainerFixture.Input(name);
            IExplainableModel engine = model.Model;
            var noisy = new NoisyRemovedPixelsModel(engine);
            ExplanationResult clean = new Explainer(engine, model.Description.Output, model.Description.Labels, Small).Explain(input, Perturbation.ActivationDeactivation);
            ExplanationResult overwritten = new Explainer(noisy, model.Description.Output, model.Description.Labels, Small).Explain(input, Perturbation.ActivationDeactivation);

            Assert.True(noisy.PixelsOverwritten > 0);
            Assert.Equal(clean.Responsibility.ToArray(), overwritten.Responsibility.ToArray());
            Assert.Equal(clean.Explanation.ToArray(), overwritten.Explanation.ToArray());
            Assert.Equal(clean.Explanation.Confidence, overwritten.Explanation.Confidence);
        }

        [Fact]
        public void Minimisation_keeps_a_sufficient_explanation_no_larger_than_the_prefix()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            var explainer = model.CreateExplainer(Small with { Minimise = true });
            ExplanationResult r = explainer.Explain(input, Perturbation.Occlusion(MaskingValue.Zero));

            Assert.True(r.Explanation.Minimised);
            Assert.True(r.Explanation.Area <= r.Explanation.PrefixPixels);
            MutantVerdict v = explainer.Evaluate(input, r.Explanation.Mask, r.Perturbation, r.Target.Index, r.Explanation.NoiseKey);
            Assert.True(v.Passes);
            Assert.Equal(r.Explanation.Confidence, v.Confidence);
        }

        [Fact]
        public void The_mutant_budget_bounds_the_search()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            ExplanationResult unlimited = model.CreateExplainer(Small).Explain(input, Perturbation.ActivationDeactivation);
            int budget = unlimited.SearchMutants / 2;
            ExplanationResult bounded = model.CreateExplainer(Small with { MutantBudget = budget }).Explain(input, Perturbation.ActivationDeactivation);

            Assert.InRange(bounded.SearchMutants, 14, budget);
        }

        [Fact]
        public void Progress_reaches_one_and_cancellation_stops_the_search()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.Mnist);
            float[] input = ExplainerFixture.Input(ExplainerFixture.Mnist);
            var reports = new List<ExplanationProgress>();
            model.CreateExplainer(Small with { BatchSize = 8 }).Explain(input, Perturbation.ActivationDeactivation, new SyncProgress(reports.Add));
            Assert.True(reports.Count > 2);
            Assert.Equal(1.0, reports[^1].Fraction);
            Assert.Contains(reports, p => p.Phase == ExplanationPhase.Extraction);

            using var cancel = new CancellationTokenSource();
            var progress = new SyncProgress(_ => cancel.Cancel());
            Assert.ThrowsAny<OperationCanceledException>(() =>
                model.CreateExplainer(Small with { BatchSize = 8 }).Explain(input, Perturbation.ActivationDeactivation, progress, cancel.Token));
        }

        [Fact]
        public void Invalid_options_and_inputs_are_rejected()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.Mnist);
            Assert.Throws<ArgumentException>(() => model.CreateExplainer(new ExplainerOptions { Iterations = 0 }));
            Assert.Throws<ArgumentException>(() => model.CreateExplainer(new ExplainerOptions { BatchSize = 0 }));
            Assert.Throws<ArgumentException>(() => model.CreateExplainer(new ExplainerOptions { ConfidenceFilter = 1.5 }));
            Assert.Throws<ArgumentException>(() => model.CreateExplainer().Explain(new float[5], Perturbation.ActivationDeactivation));
            Assert.Throws<ArgumentException>(() => Perturbation.Parse("grey"));
            Assert.Same(Perturbation.LayerMasking, Perturbation.Parse("Layer-Masking"));
            Assert.Equal("layer-masking", Perturbation.LayerMasking.Name);
            Assert.True(Perturbation.LayerMasking.UsesMaskedForward);
            Assert.Null(Perturbation.LayerMasking.MaskingValue);
            Assert.Equal(MaskingValue.Blur, Perturbation.Parse("BLUR").MaskingValue);
        }

        [Fact]
        public void Layer_masking_on_a_model_without_that_forward_fails_clearly()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            var explainer = new Explainer(new NoisyRemovedPixelsModel(model.Model), model.Description.Output, null, Small);
            var e = Assert.Throws<NotSupportedException>(() => explainer.Explain(ExplainerFixture.Input(ExplainerFixture.ResNet20), Perturbation.LayerMasking));
            Assert.Contains("layer-masking forward", e.Message);
        }

        /// <summary>The explanation's scores computed without the explainer: direct engine calls on hand-built inputs.</summary>
        private static float[] IndependentScores(ImageClassifier model, float[] input, SufficientExplanation e, Perturbation p)
        {
            float[] mask = e.ToArray();
            if (p.Kind == PerturbationKind.ActivationDeactivation)
            {
                return model.Model.Run(input, mask, 1);
            }

            if (p.Kind == PerturbationKind.LayerMasking)
            {
                var scores = new float[model.Model.ClassCount];
                model.Model.RunLayerMasked(input, mask, 1, scores);
                return scores;
            }

            float[] image = (float[])input.Clone();
            if (p.MaskingValue is MaskingValue.Zero or MaskingValue.Mean or MaskingValue.Min)
            {
                float value = p.MaskingValue == MaskingValue.Zero ? 0f : p.MaskingValue == MaskingValue.Mean ? (float)input.Average(v => (double)v) : input.Min();
                int pixels = mask.Length;
                for (int c = 0; c < image.Length / pixels; c++)
                {
                    for (int i = 0; i < pixels; i++)
                    {
                        image[c * pixels + i] = mask[i] == 1f ? image[c * pixels + i] : value;
                    }
                }
            }
            else
            {
                // Random, noise and blur values come from the explanation's own key: rebuild that exact input.
                new MutantInputs(p, input, model.InputShape).Write(mask, e.NoiseKey, image);
            }

            return model.Model.RunPlain(image, 1);
        }

        private static int ArgMax(float[] scores) => Array.IndexOf(scores, scores.Max());

        private sealed class SyncProgress : IProgress<ExplanationProgress>
        {
            private readonly Action<ExplanationProgress> _report;

            public SyncProgress(Action<ExplanationProgress> report) => _report = report;

            public void Report(ExplanationProgress value) => _report(value);
        }
    }
}
