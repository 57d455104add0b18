using System;
using System.Threading;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Turns a ranking into a sufficient explanation: the shortest prefix of <c>chunk</c>-pixel steps on which the model keeps
    /// the target, found by evaluating consecutive prefixes a batch at a time; then, optionally, a greedy minimisation.
    /// Both return exactly the mask that was evaluated, with its verdict and its noise key.
    /// </summary>
    internal static class ExplanationExtractor
    {
        private const long ExtractionStream = -1;
        private const long MinimisationStream = -2;

        // Apart from every other stream (minimisation counts down from −2, the metrics' curves use −2,000 and −3,000).
        private const long NothingPresentStream = long.MinValue;

        public readonly record struct Found(float[] Mask, int PrefixPixels, MutantVerdict Verdict, ulong NoiseKey, Sufficiency Sufficiency)
        {
            public bool Sufficient => Sufficiency == Sufficiency.Sufficient;
        }

        /// <summary>
        /// The mutant with every pixel removed. When the target passes on it, any region would pass as well, so there is nothing
        /// to explain: the result is that empty mask, marked <see cref="Sufficiency.TargetWinsWithNothingPresent"/>. Null otherwise.
        /// </summary>
        public static Found? TargetWinsWithNothingPresent(MutantEvaluator evaluator, float minConfidence, long seed)
        {
            evaluator.Mask(0).Clear();
            ulong key = SplitMix64.Key(seed, NothingPresentStream, 0);
            evaluator.SetKey(0, key);
            var verdict = new MutantVerdict[1];
            evaluator.Evaluate(1, minConfidence, verdict);
            return verdict[0].Passes ? new Found(new float[evaluator.Pixels], 0, verdict[0], key, Sufficiency.TargetWinsWithNothingPresent) : null;
        }

        public static Found FirstSufficientPrefix(MutantEvaluator evaluator, int[] order, int chunk, float minConfidence, long seed,
            Action<double> reportProgress, CancellationToken cancellation)
        {
            if (FirstPassingPrefix(evaluator, order, chunk, minConfidence, seed, ExtractionStream, reportProgress, cancellation, out MutantVerdict last) is Found found)
            {
                return found;
            }

            // Not even the whole image keeps the target under this perturbation (possible with a confidence bar): report the
            // whole image, marked insufficient, with the key its last prefix was tested with.
            int pixels = order.Length;
            int prefixes = (pixels + chunk - 1) / chunk;
            var all = new float[pixels];
            all.AsSpan().Fill(1f);
            return new Found(all, pixels, last, SplitMix64.Key(seed, ExtractionStream, prefixes), Sufficiency.NotEvenWholeImage);
        }

        /// <summary>
        /// The first prefix of <paramref name="order"/>, in steps of <paramref name="chunk"/> pixels, on which the target passes,
        /// with every other pixel of the image removed; null when none does. With <paramref name="removePrefix"/> the prefix is
        /// taken out of an otherwise whole image instead (the contrastive search). Prefix k's random masking values are keyed by
        /// (seed, <paramref name="stream"/>, k), and prefixes are judged in order, so the answer does not depend on the batch size.
        /// <paramref name="last"/> is the verdict on the last prefix evaluated. The mask returned is the evaluated keep-mask.
        /// </summary>
        public static Found? FirstPassingPrefix(MutantEvaluator evaluator, int[] order, int chunk, float minConfidence, long seed, long stream,
            Action<double> reportProgress, CancellationToken cancellation, out MutantVerdict last, bool removePrefix = false)
        {
            float background = removePrefix ? 1f : 0f, prefixValue = 1f - background;
            last = default;
            int pixels = order.Length;
            int prefixes = (pixels + chunk - 1) / chunk;
            var verdicts = new MutantVerdict[evaluator.Capacity];
            var keys = new ulong[evaluator.Capacity];
            for (int first = 1; first <= prefixes; first += evaluator.Capacity)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(evaluator.Capacity, prefixes - first + 1);
                for (int s = 0; s < n; s++)
                {
                    int k = first + s;
                    Span<float> mask = evaluator.Mask(s);
                    int from;
                    if (s == 0)
                    {
                        mask.Fill(background);
                        from = 0;
                    }
                    else
                    {
                        // Prefix k is prefix k−1 plus one chunk: copy the previous slot instead of redrawing.
                        evaluator.Mask(s - 1).CopyTo(mask);
                        from = (k - 1) * chunk;
                    }

                    for (int i = from; i < Math.Min(k * chunk, pixels); i++)
                    {
                        mask[order[i]] = prefixValue;
                    }

                    keys[s] = SplitMix64.Key(seed, stream, k);
                    evaluator.SetKey(s, keys[s]);
                }

                evaluator.Evaluate(n, minConfidence, verdicts);
                reportProgress((first + n - 1) / (double)prefixes);
                for (int s = 0; s < n; s++)
                {
                    if (verdicts[s].Passes)
                    {
                        return new Found(evaluator.Mask(s).ToArray(), Math.Min((first + s) * chunk, pixels), verdicts[s], keys[s], Sufficiency.Sufficient);
                    }
                }

                last = verdicts[n - 1];
            }

            return null;
        }

        /// <summary>
        /// Tries to drop each chunk of the explanation, least responsible first, keeping a removal when the rest still passes.
        /// Candidates are tested a batch at a time against the same current mask; the first passing one is exactly the removal
        /// a one-at-a-time pass would make, so the result does not depend on the batch size. At most
        /// <paramref name="maxCandidates"/> candidates are evaluated (what is left of the mutant budget): the minimisation
        /// stops there, keeping the last mask that passed.
        /// </summary>
        public static Found Minimise(MutantEvaluator evaluator, int[] order, int chunk, Found found, float minConfidence, long seed,
            int maxCandidates, Action<double> reportProgress, CancellationToken cancellation) =>
            UndoChunks(evaluator, order, chunk, found, minConfidence, seed, MinimisationStream, undone: 0f, maxCandidates, reportProgress, cancellation);

        /// <summary>
        /// The same greedy pass for a prefix found with <c>removePrefix</c>: puts back each removed chunk, least ranked first,
        /// when the target still passes without it. Random masking values are keyed from <paramref name="stream"/> downwards.
        /// </summary>
        public static Found Restore(MutantEvaluator evaluator, int[] order, int chunk, Found found, float minConfidence, long seed, long stream,
            Action<double> reportProgress, CancellationToken cancellation) =>
            UndoChunks(evaluator, order, chunk, found, minConfidence, seed, stream, undone: 1f, int.MaxValue, reportProgress, cancellation);

        /// <summary>
        /// Undoes the chunks of a found prefix one at a time, last first, writing <paramref name="undone"/> at their pixels (0:
        /// leave an explanation's chunk out; 1: put a removed chunk back), and keeps each change the target still passes with.
        /// </summary>
        private static Found UndoChunks(MutantEvaluator evaluator, int[] order, int chunk, Found found, float minConfidence, long seed,
            long stream, float undone, int maxCandidates, Action<double> reportProgress, CancellationToken cancellation)
        {
            int chunks = (found.PrefixPixels + chunk - 1) / chunk;
            float[] current = found.Mask;
            MutantVerdict verdict = found.Verdict;
            ulong key = found.NoiseKey;
            int remaining = chunks;
            int accepted = 0;
            var verdicts = new MutantVerdict[evaluator.Capacity];
            var keys = new ulong[evaluator.Capacity];
            int position = 0;
            int tried = 0;
            while (position < chunks && remaining > 1 && tried < maxCandidates)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(Math.Min(evaluator.Capacity, chunks - position), maxCandidates - tried);
                tried += n;
                for (int s = 0; s < n; s++)
                {
                    int candidate = chunks - 1 - (position + s);
                    Span<float> mask = evaluator.Mask(s);
                    current.CopyTo(mask);
                    for (int i = candidate * chunk; i < Math.Min((candidate + 1) * chunk, found.PrefixPixels); i++)
                    {
                        mask[order[i]] = undone;
                    }

                    keys[s] = SplitMix64.Key(seed, stream - accepted, candidate);
                    evaluator.SetKey(s, keys[s]);
                }

                evaluator.Evaluate(n, minConfidence, verdicts);
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
                    current = evaluator.Mask(passed).ToArray();
                    verdict = verdicts[passed];
                    key = keys[passed];
                    accepted++;
                    remaining--;
                    position += passed + 1;
                }

                reportProgress(position / (double)chunks);
            }

            return new Found(current, found.PrefixPixels, verdict, key, found.Sufficiency);
        }
    }
}
