using System;
using System.Diagnostics;
using System.Threading;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    public sealed partial class Explainer
    {
        // The attribution's share of the reported progress; the extraction after it is cheap by comparison.
        private const double AttributionShare = 0.9;

        /// <summary>
        /// A sufficient explanation of one preprocessed input tensor found from an attribution method's map instead of the
        /// causal-responsibility search: the map (<paramref name="method"/>'s masks under <paramref name="perturbation"/>)
        /// ranks the pixels, and extraction is exactly the one <see cref="Explain"/> uses — prefixes of this explainer's
        /// <see cref="ExplainerOptions.ChunkSize"/> pixels in ranking order until the target strictly wins (ties do not count),
        /// with the same empty-mask check, <see cref="ExplainerOptions.MinConfidence"/> and optional minimisation. So every
        /// metric that applies to a rex explanation applies unchanged; <see cref="ExplanationResult.Responsibility"/> holds the
        /// attribution map (signed for occlusion and KernelSHAP) and <see cref="ExplanationResult.Method"/> names the method.
        /// The masks use the method's own seed and batch size; the extraction uses this explainer's seed.
        /// </summary>
        public ExplanationResult ExplainWith(ReadOnlySpan<float> input, Perturbation perturbation, AttributionOptions method,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ImageTensorShape shape = CheckAttributionArguments(input, perturbation, method);
            var watch = Stopwatch.StartNew();
            (Prediction target, MutantEvaluator evaluator, float[] map) = RunAttribution(input, perturbation, method, progress, AttributionShare, cancellation);
            int attributionMutants = evaluator.MutantsEvaluated;
            TimeSpan attributionTime = watch.Elapsed;

            watch.Restart();
            var phase = ExplanationPhase.Extraction;
            double offset = AttributionShare, share = 1 - AttributionShare;
            void Report(double fraction) =>
                progress?.Report(new ExplanationProgress(phase, evaluator.MutantsEvaluated, evaluator.EngineCalls + 1, offset + share * Math.Clamp(fraction, 0, 1)));

            float bar = (float)(Options.MinConfidence * target.Confidence);
            int pixels = shape.Height * shape.Width;
            ExplanationExtractor.Found found = ExplanationExtractor.TargetWinsWithNothingPresent(evaluator, bar, Options.Seed)
                ?? ExplanationExtractor.FirstSufficientPrefix(evaluator, ResponsibilityRanking.Rank(map), Options.ChunkSize, bar, Options.Seed, Report, cancellation);
            TimeSpan extractionTime = watch.Elapsed;

            watch.Restart();
            bool minimise = Options.Minimise && found.Sufficient;
            if (minimise)
            {
                (phase, offset, share) = (ExplanationPhase.Minimisation, AttributionShare, 1 - AttributionShare);
                found = ExplanationExtractor.Minimise(evaluator, ResponsibilityRanking.Rank(map), Options.ChunkSize, found, bar, Options.Seed, int.MaxValue, Report,
                    cancellation);
            }

            TimeSpan minimisationTime = watch.Elapsed;
            (offset, share) = (0, 1);
            Report(1);
            return Result(target, perturbation, map, found, attributionMutants, evaluator,
                new ExplanationTimings(TimeSpan.Zero, attributionTime, extractionTime, minimisationTime), minimise, method);
        }
    }
}
