using System;
using System.Threading;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Evaluates an <see cref="IMaskQuery"/>'s masks through the shared <see cref="MutantEvaluator"/>, a full batch per engine
    /// call. Masks and their random masking values depend only on (seed, index), and scores are recorded in index order,
    /// so the attribution is identical for every batch size.
    /// </summary>
    internal static class MaskQueryRunner
    {
        // Distinguishes these masks' random masking values from the causal-responsibility search's iterations (stream ≥ 0).
        private const long NoiseStream = -1;

        public static float[] Run(MutantEvaluator evaluator, IMaskQuery query, long seed, Action<double> reportProgress, CancellationToken cancellation)
        {
            var verdicts = new MutantVerdict[evaluator.Capacity];
            for (int start = 0; start < query.Count; start += evaluator.Capacity)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(evaluator.Capacity, query.Count - start);
                for (int s = 0; s < n; s++)
                {
                    Span<float> mask = evaluator.Mask(s);
                    query.WriteMask(start + s, mask);
                    evaluator.SetKey(s, SplitMix64.Key(seed, NoiseStream, start + s));
                }

                evaluator.Evaluate(n, 0f, verdicts);
                for (int s = 0; s < n; s++)
                {
                    query.Record(start + s, verdicts[s].Confidence);
                }

                reportProgress((start + n) / (double)query.Count);
            }

            return query.Attribution();
        }
    }
}
