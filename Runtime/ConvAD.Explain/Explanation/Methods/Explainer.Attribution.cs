using System;
using System.Diagnostics;
using System.Threading;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    public sealed partial class Explainer
    {
        /// <summary>
        /// An attribution map of one preprocessed input tensor for its top class, by the method <paramref name="options"/>
        /// names (sliding-window occlusion, RISE or KernelSHAP), with every mask evaluated under <paramref name="perturbation"/>.
        /// Uses the method's own seed and batch size, not this explainer's <see cref="Options"/>, except for the memory budget
        /// (<see cref="ExplainerOptions.MaxBatchBytes"/>, which may lower the batch size); the map is the same for every batch size.
        /// </summary>
        public AttributionResult Attribute(ReadOnlySpan<float> input, Perturbation perturbation, AttributionOptions options,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ImageTensorShape shape = CheckAttributionArguments(input, perturbation, options);
            var watch = Stopwatch.StartNew();
            (Prediction target, MutantEvaluator evaluator, float[] map) = RunAttribution(input, perturbation, options, progress, 1, cancellation);
            return new AttributionResult(target, perturbation, options, new ResponsibilityMap(shape.Height, shape.Width, map),
                evaluator.MutantsEvaluated, evaluator.EngineCalls + 1, watch.Elapsed);
        }

        /// <summary>The arguments every attribution entry point takes, checked once; returns the model's input shape.</summary>
        private ImageTensorShape CheckAttributionArguments(ReadOnlySpan<float> input, Perturbation perturbation, AttributionOptions options)
        {
            ArgumentNullException.ThrowIfNull(perturbation);
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            ImageTensorShape shape = _model.Shape;
            if (input.Length != shape.Length)
            {
                throw new ArgumentException($"the input holds {input.Length} values; the model takes {shape} ({shape.Length})", nameof(input));
            }

            return shape;
        }

        /// <summary>
        /// The target, the evaluator the masks went through, and the attribution map; progress reports scale the method's
        /// completed share by <paramref name="share"/> (the rest belongs to a later phase).
        /// </summary>
        private (Prediction Target, MutantEvaluator Evaluator, float[] Map) RunAttribution(ReadOnlySpan<float> input, Perturbation perturbation,
            AttributionOptions options, IProgress<ExplanationProgress>? progress, double share, CancellationToken cancellation)
        {
            ImageTensorShape shape = _model.Shape;
            Prediction target = Target(input);
            IMaskQuery query = options.Query(shape.Height, shape.Width);
            var evaluator = new MutantEvaluator(_model, new MutantInputs(perturbation, input, shape), Output, target.Index, Math.Min(options.BatchSize, query.Count), Options.MaxBatchBytes);
            float[] map = MaskQueryRunner.Run(evaluator, query, options.Seed,
                fraction => progress?.Report(new ExplanationProgress(ExplanationPhase.Attribution, evaluator.MutantsEvaluated, evaluator.EngineCalls + 1, share * fraction)),
                cancellation);
            return (target, evaluator, map);
        }
    }
}
