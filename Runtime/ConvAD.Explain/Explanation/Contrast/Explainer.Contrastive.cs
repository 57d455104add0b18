using System;
using System.Diagnostics;
using System.Threading;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    public sealed partial class Explainer
    {
        /// <summary>
        /// A contrastive explanation of one preprocessed input tensor: a small region whose removal under
        /// <paramref name="perturbation"/> (AD switches it off, a masking value paints it) makes <paramref name="contrastClass"/>
        /// strictly win instead of the model's top class. Two responsibility maps are searched (the top class's and the contrast
        /// class's); pixels are removed in the order of their difference, a chunk at a time, until the contrast class wins, and
        /// with <see cref="ExplainerOptions.Minimise"/> chunks that are not needed are put back. The region is a greedy,
        /// heuristic minimum. <see cref="ExplainerOptions.TargetClass"/> is not used: the decision to flip is the top class.
        /// Deterministic for a seed, whatever the batch size.
        /// </summary>
        /// <exception cref="ArgumentException">The contrast class is out of range, or already the top class.</exception>
        public ContrastiveExplanationResult ExplainContrastive(ReadOnlySpan<float> input, Perturbation perturbation, int contrastClass,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ArgumentNullException.ThrowIfNull(perturbation);
            ImageTensorShape shape = _model.Shape;
            if (input.Length != shape.Length)
            {
                throw new ArgumentException($"the input holds {input.Length} values; the model takes {shape} ({shape.Length})", nameof(input));
            }

            var watch = Stopwatch.StartNew();
            var scores = new float[_model.ClassCount];
            _model.RunPlain(input, 1, scores);
            NonFiniteOutputException.ThrowIfAny(scores);
            if (contrastClass < 0 || contrastClass >= scores.Length)
            {
                throw new ArgumentException($"contrast class {contrastClass} is out of range: the model has {scores.Length} classes (0 to {scores.Length - 1})");
            }

            Prediction target = Predictions.TopK(scores, Output, Labels, 1)[0];
            if (contrastClass == target.Index)
            {
                throw new ArgumentException($"class {contrastClass} ({target.Label}) is already the model's top class: there is nothing to flip");
            }

            var contrast = new Prediction(contrastClass, Predictions.LabelOf(contrastClass, Labels), Predictions.Probabilities(scores, Output)[contrastClass]);
            var inputs = new MutantInputs(perturbation, input, shape);
            // Two evaluators live at once: each gets half the batch memory budget (results do not depend on batch size).
            var forTarget = new MutantEvaluator(_model, inputs, Output, target.Index, Options.BatchSize, Options.MaxBatchBytes / 2);
            var forContrast = new MutantEvaluator(_model, inputs, Output, contrastClass, Options.BatchSize, Options.MaxBatchBytes / 2);
            ExplanationPhase phase = ExplanationPhase.Responsibility;
            double offset = 0, share = 0.4;
            void Report(double fraction) => progress?.Report(new ExplanationProgress(phase, forTarget.MutantsEvaluated + forContrast.MutantsEvaluated,
                forTarget.EngineCalls + forContrast.EngineCalls + 1, offset + share * Math.Clamp(fraction, 0, 1)));

            float[] targetMap = SearchMap(forTarget, target, Report, cancellation);
            offset = 0.4;
            float[] contrastMap = SearchMap(forContrast, contrast, Report, cancellation);
            (phase, offset, share) = (ExplanationPhase.Contrast, 0.8, Options.Minimise ? 0.1 : 0.2);
            int[] order = ContrastRanking.Rank(targetMap, contrastMap);
            ContrastiveSearch.Region region = ContrastiveSearch.FirstFlippingPrefix(forContrast, order, Options.ChunkSize, Options.Seed, Report, cancellation);
            bool minimise = Options.Minimise && region.Found;
            if (minimise)
            {
                offset = 0.9;
                region = ContrastiveSearch.Restore(forContrast, order, Options.ChunkSize, region, Options.Seed, Report, cancellation);
            }

            (offset, share) = (0, 1);
            Report(1);
            return new ContrastiveExplanationResult(target, contrast, perturbation, Options, new ResponsibilityMap(shape.Height, shape.Width, targetMap),
                new ResponsibilityMap(shape.Height, shape.Width, contrastMap), region.Removed, region.Found, region.Verdict.Confidence, region.NoiseKey, minimise,
                forTarget.MutantsEvaluated + forContrast.MutantsEvaluated, forTarget.EngineCalls + forContrast.EngineCalls + 1, watch.Elapsed);
        }

        /// <summary>The responsibility map of the evaluator's target, searched as <see cref="Explain"/> searches it (the same seeds and budget share).</summary>
        private float[] SearchMap(MutantEvaluator evaluator, Prediction target, Action<double> report, CancellationToken cancellation)
        {
            ImageTensorShape shape = _model.Shape;
            float bar = (float)(Options.ConfidenceFilter * target.Confidence);
            int? budget = ExplanationBudget.Search(Options.MutantBudget, shape.Height * shape.Width, Options.ChunkSize);
            return ResponsibilitySearch.Run(evaluator, Options, budget, shape.Height, shape.Width, bar, Options.Seed, report, cancellation);
        }
    }
}
