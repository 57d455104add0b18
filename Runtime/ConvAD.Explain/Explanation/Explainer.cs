using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using ConvAD.Description;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Causal-responsibility explanations of an image classifier (the ReX family), under Activation-Deactivation or an
    /// occlusion masking value. One call explains one image: target (the top class, or
    /// <see cref="ExplainerOptions.TargetClass"/>) → responsibility map → sufficient explanation.
    /// Thread-safe: an explainer holds no per-image state.
    /// </summary>
    public sealed partial class Explainer
    {
        // The stages' shares of the reported progress (the search dominates the work).
        private const double SearchShare = 0.85;
        private const double ExtractionShare = 0.1;

        /// <summary>The causal-responsibility search's name in outputs (<see cref="ExplanationResult.Method"/>), beside the attribution methods'.</summary>
        public const string RexMethod = "rex";

        private readonly IExplainableModel _model;

        /// <summary>Explains input tensors for any <see cref="IExplainableModel"/> (a generated model class, a decorator…).</summary>
        public Explainer(IExplainableModel model, OutputKind output, IReadOnlyList<string>? labels = null, ExplainerOptions? options = null)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            Output = output;
            Labels = labels;
            Options = options ?? new ExplainerOptions();
            Options.Validate();
        }

        /// <summary>The search's settings (iterations, batch size, seed, budget, …).</summary>
        public ExplainerOptions Options { get; }

        /// <summary>Whether the model outputs logits or probabilities (confidences are softmaxed from logits).</summary>
        public OutputKind Output { get; }

        /// <summary>Class names by index, for the results; null when the model has none.</summary>
        public IReadOnlyList<string>? Labels { get; }

        /// <summary>One image's input shape, as the model takes it.</summary>
        public ImageTensorShape Shape => _model.Shape;

        /// <summary>Explains one preprocessed input tensor (the model's layout, <see cref="Shape"/>).</summary>
        public ExplanationResult Explain(ReadOnlySpan<float> input, Perturbation perturbation, IProgress<ExplanationProgress>? progress = null,
            CancellationToken cancellation = default)
        {
            ArgumentNullException.ThrowIfNull(perturbation);
            ImageTensorShape shape = _model.Shape;
            if (input.Length != shape.Length)
            {
                throw new ArgumentException($"the input holds {input.Length} values; the model takes {shape} ({shape.Length})", nameof(input));
            }

            var watch = Stopwatch.StartNew();
            Prediction target = Target(input);

            var inputs = new MutantInputs(perturbation, input, shape);
            var evaluator = new MutantEvaluator(_model, inputs, Output, target.Index, Options.BatchSize, Options.MaxBatchBytes);
            var phase = ExplanationPhase.Responsibility;
            double offset = 0, share = SearchShare;
            void Report(double fraction) =>
                progress?.Report(new ExplanationProgress(phase, evaluator.MutantsEvaluated, evaluator.EngineCalls + 1, offset + share * Math.Clamp(fraction, 0, 1)));

            float bar = (float)(Options.MinConfidence * target.Confidence);
            ExplanationExtractor.Found? vacuous = ExplanationExtractor.TargetWinsWithNothingPresent(evaluator, bar, Options.Seed);
            TimeSpan targetTime = watch.Elapsed;
            if (vacuous is ExplanationExtractor.Found nothing)
            {
                // Every mutant would pass: a search would only spread responsibility evenly, and any region would "explain" it.
                Report(1);
                return Result(target, perturbation, new float[shape.Height * shape.Width], nothing, 0, evaluator,
                    new ExplanationTimings(targetTime, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
            }

            watch.Restart();
            float searchBar = (float)(Options.ConfidenceFilter * target.Confidence);
            int checkedBefore = evaluator.MutantsEvaluated;
            int pixels = shape.Height * shape.Width;
            int? searchBudget = ExplanationBudget.Search(Options.MutantBudget, pixels, Options.ChunkSize);
            float[] values = ResponsibilitySearch.Run(evaluator, Options, searchBudget, shape.Height, shape.Width, searchBar, Options.Seed, Report, cancellation);
            int searchMutants = evaluator.MutantsEvaluated - checkedBefore;
            TimeSpan searchTime = watch.Elapsed;

            watch.Restart();
            (phase, offset, share) = (ExplanationPhase.Extraction, SearchShare, ExtractionShare);
            int[] order = ResponsibilityRanking.Rank(values);
            int chunk = ExplanationBudget.Chunk(pixels, Options.ChunkSize, ExplanationBudget.Remaining(Options.MutantBudget, evaluator.MutantsEvaluated));
            ExplanationExtractor.Found found = ExplanationExtractor.FirstSufficientPrefix(evaluator, order, chunk, bar, Options.Seed, Report, cancellation);
            TimeSpan extractionTime = watch.Elapsed;

            watch.Restart();
            bool minimise = Options.Minimise && found.Sufficient;
            if (minimise)
            {
                (phase, offset, share) = (ExplanationPhase.Minimisation, SearchShare + ExtractionShare, 1 - SearchShare - ExtractionShare);
                int candidates = ExplanationBudget.Remaining(Options.MutantBudget, evaluator.MutantsEvaluated) ?? int.MaxValue;
                found = ExplanationExtractor.Minimise(evaluator, order, chunk, found, bar, Options.Seed, candidates, Report, cancellation);
            }

            TimeSpan minimisationTime = watch.Elapsed;
            (offset, share) = (0, 1);
            Report(1);
            return Result(target, perturbation, values, found, searchMutants, evaluator,
                new ExplanationTimings(targetTime, searchTime, extractionTime, minimisationTime), minimise);
        }

        private ExplanationResult Result(Prediction target, Perturbation perturbation, float[] responsibility, ExplanationExtractor.Found found,
            int searchMutants, MutantEvaluator evaluator, ExplanationTimings timings, bool minimised = false, AttributionOptions? attribution = null)
        {
            ImageTensorShape shape = _model.Shape;
            var explanation = new SufficientExplanation(shape.Height, shape.Width, found.Mask, found.PrefixPixels, found.Verdict.Confidence,
                found.NoiseKey, found.Sufficiency, minimised);
            return new ExplanationResult(target, perturbation, Options, new ResponsibilityMap(shape.Height, shape.Width, responsibility), explanation,
                searchMutants, evaluator.MutantsEvaluated, evaluator.EngineCalls + 1, timings, attribution);
        }

        /// <summary>
        /// The model's verdict on the target for one mask under a perturbation, computed from scratch: how an explanation is
        /// checked independently (for random masking values pass the explanation's <see cref="SufficientExplanation.NoiseKey"/>).
        /// </summary>
        public MutantVerdict Evaluate(ReadOnlySpan<float> input, ReadOnlySpan<float> mask, Perturbation perturbation, int target, ulong noiseKey = 0)
        {
            var inputs = new MutantInputs(perturbation, input, _model.Shape);
            var image = new float[_model.Shape.Length];
            inputs.Write(mask, noiseKey, image);
            var scores = new float[_model.ClassCount];
            if (perturbation.UsesMaskedForward)
            {
                MaskedForward.Run(_model, perturbation, image, mask, 1, scores);
            }
            else
            {
                _model.RunPlain(image, 1, scores);
            }

            return MutantEvaluator.Judge(scores, target, Output, 0f);
        }

        private Prediction Target(ReadOnlySpan<float> input)
        {
            var scores = new float[_model.ClassCount];
            _model.RunPlain(input, 1, scores);
            NonFiniteOutputException.ThrowIfAny(scores);
            if (Options.TargetClass is not int chosen)
            {
                return Predictions.TopK(scores, Output, Labels, 1)[0];
            }

            if (chosen >= scores.Length)
            {
                throw new ArgumentException($"target class {chosen} is out of range: the model has {scores.Length} classes (0 to {scores.Length - 1})");
            }

            return new Prediction(chosen, Predictions.LabelOf(chosen, Labels), Predictions.Probabilities(scores, Output)[chosen]);
        }
    }
}
