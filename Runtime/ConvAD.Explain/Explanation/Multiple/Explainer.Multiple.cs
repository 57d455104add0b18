using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    public sealed partial class Explainer
    {
        /// <summary>
        /// Several sufficient explanations of one preprocessed input tensor: the ordinary one (<see cref="Explain"/>), then
        /// further ones grown inside a spotlight moved over its responsibility map, disjoint from the earlier ones unless
        /// <see cref="MultipleExplanationOptions.MaxOverlap"/> permits overlap. Each is exactly the mask that was evaluated and
        /// passed the strict check (the target strictly wins). Deterministic for a seed, whatever the batch size.
        /// </summary>
        public MultipleExplanationResult ExplainMultiple(ReadOnlySpan<float> input, Perturbation perturbation, MultipleExplanationOptions? options = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            options ??= new MultipleExplanationOptions();
            options.Validate();
            var watch = Stopwatch.StartNew();
            ExplanationResult first = Explain(input, perturbation, progress == null ? null : new Scaled(progress, 0, 0.5), cancellation);
            var found = new List<SpotlightExplanation>();
            if (!first.Explanation.IsSufficient)
            {
                return new MultipleExplanationResult(first, options, found, 0, SpotlightStop.NoFirstExplanation, first.MutantsEvaluated, first.EngineCalls, watch.Elapsed);
            }

            found.Add(new SpotlightExplanation(first.Explanation, null, null, null));
            ImageTensorShape shape = _model.Shape;
            var evaluator = new MutantEvaluator(_model, new MutantInputs(perturbation, input, shape), Output, first.Target.Index, Options.BatchSize, Options.MaxBatchBytes);
            float bar = (float)(Options.MinConfidence * first.Target.Confidence);
            var search = new SpotlightSearch(evaluator, first.Responsibility.ToArray(), shape.Height, shape.Width, options, Options.ChunkSize, bar, Options.Seed);
            SpotlightStop stop = search.Run(first.Explanation.ToArray(), found,
                fraction => progress?.Report(new ExplanationProgress(ExplanationPhase.Spotlights, first.MutantsEvaluated + evaluator.MutantsEvaluated,
                    first.EngineCalls + evaluator.EngineCalls, 0.5 + 0.5 * Math.Clamp(fraction, 0, 1))),
                cancellation);
            return new MultipleExplanationResult(first, options, found, search.Spotlights, stop, first.MutantsEvaluated + evaluator.MutantsEvaluated,
                first.EngineCalls + evaluator.EngineCalls, watch.Elapsed);
        }

        /// <summary>Reports an inner stage's progress as a slice [offset, offset + share] of the whole.</summary>
        private sealed class Scaled : IProgress<ExplanationProgress>
        {
            private readonly IProgress<ExplanationProgress> _outer;
            private readonly double _offset;
            private readonly double _share;

            public Scaled(IProgress<ExplanationProgress> outer, double offset, double share) => (_outer, _offset, _share) = (outer, offset, share);

            public void Report(ExplanationProgress value) => _outer.Report(value with { Fraction = _offset + _share * value.Fraction });
        }
    }
}
