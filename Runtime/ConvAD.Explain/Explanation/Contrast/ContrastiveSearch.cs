using System;
using System.Threading;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Removes pixels in <see cref="ContrastRanking"/> order, a chunk at a time, until the contrast class strictly wins (the
    /// evaluator's target is the contrast class); then, optionally, puts back each chunk that is not needed, least ranked first.
    /// Removals are judged in order, a batch at a time, and keyed by (seed, stream, step), so the result does not depend on the
    /// batch size. A greedy heuristic: the region is minimal only along this order.
    /// </summary>
    internal static class ContrastiveSearch
    {
        // Apart from every other stream of random masking values (the spotlights use −99,000 and below −100,000).
        private const long RemovalStream = -200_000;
        private const long RestoreStream = -200_001;

        public readonly record struct Region(float[] Removed, int Prefix, bool Found, MutantVerdict Verdict, ulong NoiseKey);

        /// <summary>The first prefix of <paramref name="order"/> whose removal makes the contrast class win; everything removed when none does.</summary>
        public static Region FirstFlippingPrefix(MutantEvaluator evaluator, int[] order, int chunk, long seed, Action<double> reportProgress,
            CancellationToken cancellation)
        {
            if (ExplanationExtractor.FirstPassingPrefix(evaluator, order, chunk, 0f, seed, RemovalStream, reportProgress, cancellation,
                out MutantVerdict last, removePrefix: true) is ExplanationExtractor.Found found)
            {
                return new Region(Removed(found.Mask), found.PrefixPixels, true, found.Verdict, found.NoiseKey);
            }

            int pixels = order.Length;
            var all = new float[pixels];
            all.AsSpan().Fill(1f);
            return new Region(all, pixels, false, last, SplitMix64.Key(seed, RemovalStream, (pixels + chunk - 1) / chunk));
        }

        /// <summary>
        /// Puts back each chunk of the region, least ranked first, when the contrast class still wins without it: the extractor's
        /// greedy pass (<see cref="ExplanationExtractor.Restore"/>), so the result does not depend on the batch size either.
        /// </summary>
        public static Region Restore(MutantEvaluator evaluator, int[] order, int chunk, Region region, long seed, Action<double> reportProgress,
            CancellationToken cancellation)
        {
            var found = new ExplanationExtractor.Found(Removed(region.Removed), region.Prefix, region.Verdict, region.NoiseKey, Sufficiency.Sufficient);
            ExplanationExtractor.Found restored = ExplanationExtractor.Restore(evaluator, order, chunk, found, 0f, seed, RestoreStream, reportProgress, cancellation);
            return region with { Removed = Removed(restored.Mask), Verdict = restored.Verdict, NoiseKey = restored.NoiseKey };
        }

        /// <summary>The removed pixels (1) of a keep-mask, or the keep-mask of removed pixels: the two are each other's complement.</summary>
        private static float[] Removed(ReadOnlySpan<float> keep)
        {
            var removed = new float[keep.Length];
            for (int p = 0; p < keep.Length; p++)
            {
                removed[p] = keep[p] != 0f ? 0f : 1f;
            }

            return removed;
        }
    }
}
