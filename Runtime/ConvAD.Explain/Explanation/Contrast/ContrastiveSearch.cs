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
            int pixels = order.Length;
            int prefixes = (pixels + chunk - 1) / chunk;
            var verdicts = new MutantVerdict[evaluator.Capacity];
            var keys = new ulong[evaluator.Capacity];
            MutantVerdict last = default;
            for (int first = 1; first <= prefixes; first += evaluator.Capacity)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(evaluator.Capacity, prefixes - first + 1);
                for (int s = 0; s < n; s++)
                {
                    int k = first + s;
                    Span<float> keep = evaluator.Mask(s);
                    keep.Fill(1f);
                    for (int i = 0; i < Math.Min(k * chunk, pixels); i++)
                    {
                        keep[order[i]] = 0f;
                    }

                    keys[s] = SplitMix64.Key(seed, RemovalStream, k);
                    evaluator.SetKey(s, keys[s]);
                }

                evaluator.Evaluate(n, 0f, verdicts);
                reportProgress((first + n - 1) / (double)prefixes);
                for (int s = 0; s < n; s++)
                {
                    if (verdicts[s].Passes)
                    {
                        return new Region(Removed(evaluator.Mask(s)), Math.Min((first + s) * chunk, pixels), true, verdicts[s], keys[s]);
                    }
                }

                last = verdicts[n - 1];
            }

            var all = new float[pixels];
            all.AsSpan().Fill(1f);
            return new Region(all, pixels, false, last, SplitMix64.Key(seed, RemovalStream, prefixes));
        }

        /// <summary>
        /// Puts back each chunk of the region, least ranked first, when the contrast class still wins without it. Candidates are
        /// tested a batch at a time against the same current region; the first passing one is the change a one-at-a-time pass
        /// would make, so the result does not depend on the batch size.
        /// </summary>
        public static Region Restore(MutantEvaluator evaluator, int[] order, int chunk, Region region, long seed, Action<double> reportProgress,
            CancellationToken cancellation)
        {
            int chunks = (region.Prefix + chunk - 1) / chunk;
            float[] removed = region.Removed;
            MutantVerdict verdict = region.Verdict;
            ulong key = region.NoiseKey;
            int kept = chunks, accepted = 0, position = 0;
            var verdicts = new MutantVerdict[evaluator.Capacity];
            var keys = new ulong[evaluator.Capacity];
            while (position < chunks && kept > 1)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(evaluator.Capacity, chunks - position);
                for (int s = 0; s < n; s++)
                {
                    int candidate = chunks - 1 - (position + s);
                    Span<float> keep = evaluator.Mask(s);
                    for (int p = 0; p < keep.Length; p++)
                    {
                        keep[p] = removed[p] != 0f ? 0f : 1f;
                    }

                    for (int i = candidate * chunk; i < Math.Min((candidate + 1) * chunk, region.Prefix); i++)
                    {
                        keep[order[i]] = 1f;
                    }

                    keys[s] = SplitMix64.Key(seed, RestoreStream - accepted, candidate);
                    evaluator.SetKey(s, keys[s]);
                }

                evaluator.Evaluate(n, 0f, verdicts);
                int passed = -1;
                for (int s = 0; s < n && passed < 0; s++)
                {
                    passed = verdicts[s].Passes ? s : -1;
                }

                if (passed < 0)
                {
                    position += n;
                }
                else
                {
                    removed = Removed(evaluator.Mask(passed));
                    verdict = verdicts[passed];
                    key = keys[passed];
                    accepted++;
                    kept--;
                    position += passed + 1;
                }

                reportProgress(position / (double)chunks);
            }

            return region with { Removed = removed, Verdict = verdict, NoiseKey = key };
        }

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
