using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Description;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// Measures explanations of one model: size, confidence drop-off (under the explanation's perturbation), ρ-robustness on a
    /// fixed set of backgrounds (plain model), and insertion/deletion AUC. Holds no per-image state: thread-safe when its model is.
    /// </summary>
    public sealed class ExplanationEvaluator
    {
        private readonly TargetScorer _scorer;

        /// <summary>An evaluator of one model's explanations against <paramref name="backgrounds"/>; <paramref name="options"/> default to the fair protocol's.</summary>
        public ExplanationEvaluator(IExplainableModel model, OutputKind output, BackgroundSet backgrounds, EvaluationOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(model);
            Backgrounds = backgrounds ?? throw new ArgumentNullException(nameof(backgrounds));
            if (backgrounds.Shape != model.Shape)
            {
                throw new ArgumentException($"the backgrounds are {backgrounds.Shape}; the model takes {model.Shape}", nameof(backgrounds));
            }

            Options = options ?? new EvaluationOptions();
            Options.Validate();
            _scorer = new TargetScorer(model, output, Options.BatchSize, Options.MaxBatchBytes);
        }

        /// <summary>The backgrounds an explanation is pasted on to measure its robustness.</summary>
        public BackgroundSet Backgrounds { get; }

        /// <summary>The thresholds, curve steps, batch size and seed of the measurements.</summary>
        public EvaluationOptions Options { get; }

        /// <summary>The metrics of an explainer's result for <paramref name="input"/> (the tensor it explained).</summary>
        public ExplanationMetrics Evaluate(ReadOnlySpan<float> input, ExplanationResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            return Evaluate(input, result.Perturbation, result.Target.Index, result.Target.Confidence, result.Explanation.Mask,
                result.Explanation.NoiseKey, result.Responsibility.Values);
        }

        /// <summary>
        /// The metrics of an explanation <paramref name="mask"/> of class <paramref name="target"/> (probability
        /// <paramref name="originalConfidence"/> on the whole image), found under <paramref name="perturbation"/> with the
        /// random masking key <paramref name="noiseKey"/>, and its <paramref name="responsibility"/> map (for the curves).
        /// </summary>
        public ExplanationMetrics Evaluate(ReadOnlySpan<float> input, Perturbation perturbation, int target, double originalConfidence,
            ReadOnlySpan<float> mask, ulong noiseKey, ReadOnlySpan<float> responsibility)
        {
            ArgumentNullException.ThrowIfNull(perturbation);
            var inputs = new MutantInputs(perturbation, input, _scorer.Model.Shape);
            int pixels = _scorer.Model.Shape.Height * _scorer.Model.Shape.Width;
            if (mask.Length != pixels || responsibility.Length != pixels)
            {
                throw new ArgumentException($"the mask and the responsibility map need {pixels} values each");
            }

            Span<MutantVerdict> onExplanation = stackalloc MutantVerdict[1];
            _scorer.ScorePerturbed(inputs, mask, new[] { noiseKey }, 1, target, onExplanation);
            var drop = new ConfidenceDropOff(originalConfidence, onExplanation[0].Confidence);

            MutantVerdict[] verdicts = BackgroundRobustness.Verdicts(_scorer, input, mask, Backgrounds, target);
            RobustnessScore robustness = BackgroundRobustness.Score(verdicts, originalConfidence, Options.Gammas);
            var byKind = new List<(BackgroundKind, RobustnessScore)>();
            foreach (BackgroundKind kind in Backgrounds.DistinctKinds)
            {
                MutantVerdict[] these = verdicts.Where((_, j) => Backgrounds.Kinds[j] == kind).ToArray();
                byKind.Add((kind, BackgroundRobustness.Score(these, originalConfidence, Options.Gammas)));
            }

            int[] order = ResponsibilityRanking.Rank(responsibility);
            var top = new List<(double, RobustnessScore)>();
            foreach (double k in Options.TopPercents)
            {
                float[] topMask = BackgroundRobustness.TopMask(order, k);
                MutantVerdict[] onTop = BackgroundRobustness.Verdicts(_scorer, input, topMask, Backgrounds, target);
                top.Add((k, BackgroundRobustness.Score(onTop, originalConfidence, Options.Gammas)));
            }

            InsertionDeletionCurves curves = InsertionDeletion.Measure(_scorer, inputs, order, Options.AucSteps, target, originalConfidence, Options.Seed);
            int area = ExplanationSize.Area(mask);
            return new ExplanationMetrics(area, area / (double)pixels, drop, robustness, curves)
            {
                AbsoluteRobustness = Options.AbsoluteGammas.Count > 0 ? BackgroundRobustness.ScoreAbsolute(verdicts, Options.AbsoluteGammas) : null,
                KindRobustness = byKind,
                TopRobustness = top,
            };
        }
    }
}
