using System;
using System.Collections.Generic;
using System.Threading;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Runs all iterations of the search together: pending mutants of every iteration's current level wait in one queue,
    /// and each engine call takes a full batch from it. An iteration issues its next level as soon as its current level's
    /// verdicts are in, so batches stay full until the last iterations finish.
    /// </summary>
    internal static class ResponsibilitySearch
    {
        /// <summary>
        /// Every pixel's summed responsibility, row-major. At most <paramref name="budget"/> mutants are evaluated (the
        /// search's share of the explanation's budget; null: no limit).
        /// </summary>
        public static float[] Run(MutantEvaluator evaluator, ExplainerOptions options, int? budget, int height, int width, float minConfidence, long seed,
            Action<double> reportProgress, CancellationToken cancellation)
        {
            var searches = new IterationSearch[options.Iterations];
            var queue = new Queue<Mutant>();
            for (int i = 0; i < searches.Length; i++)
            {
                searches[i] = new IterationSearch(i, options, height, width, BudgetShare(budget, options.Iterations, i));
                Enqueue(queue, searches[i].Start());
            }

            var batch = new Mutant[evaluator.Capacity];
            var verdicts = new MutantVerdict[evaluator.Capacity];
            var touched = new SortedSet<int>();
            while (queue.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(evaluator.Capacity, queue.Count);
                for (int s = 0; s < n; s++)
                {
                    Mutant m = queue.Dequeue();
                    batch[s] = m;
                    m.WriteMask(evaluator.Mask(s), width);
                    evaluator.SetKey(s, SplitMix64.Key(seed, m.Iteration, m.Sequence));
                }

                evaluator.Evaluate(n, minConfidence, verdicts);
                touched.Clear();
                for (int s = 0; s < n; s++)
                {
                    searches[batch[s].Iteration].Record(batch[s], verdicts[s]);
                    touched.Add(batch[s].Iteration);
                }

                foreach (int i in touched)
                {
                    if (searches[i].LevelComplete && !searches[i].Done)
                    {
                        Enqueue(queue, searches[i].Advance());
                    }
                }

                reportProgress(Fraction(searches, options.MaxDepth));
            }

            // Summed in iteration order, so the float rounding is the same on every run.
            var map = new float[height * width];
            foreach (IterationSearch search in searches)
            {
                float[] part = search.Map;
                for (int p = 0; p < map.Length; p++)
                {
                    map[p] += part[p];
                }
            }

            return map;
        }

        private static int? BudgetShare(int? budget, int iterations, int iteration)
        {
            if (budget is not int total)
            {
                return null;
            }

            int share = total / iterations;
            return share + (iteration < total % iterations ? 1 : 0);
        }

        private static void Enqueue(Queue<Mutant> queue, IReadOnlyList<Mutant> mutants)
        {
            foreach (Mutant m in mutants)
            {
                queue.Enqueue(m);
            }
        }

        private static double Fraction(IterationSearch[] searches, int maxDepth)
        {
            double done = 0;
            foreach (IterationSearch s in searches)
            {
                done += s.Done ? 1 : Math.Min(1, (s.Depth - 1) / (double)maxDepth);
            }

            return done / searches.Length;
        }
    }
}
