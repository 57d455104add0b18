using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// AD against one masking value image by image (both explain the same images): r(E) of AD minus r(E) of the other mode,
    /// how often AD is ahead or behind, and the two-sided sign test of "neither is ahead more often". Differences in the means
    /// alone hide whether a few images or most images carry them.
    /// </summary>
    public sealed record PairedComparison(int Images, double MeanDifference, int Wins, int Losses, int Ties, double SignTestP)
    {
        /// <summary>Pairs the rows of <paramref name="first"/> and <paramref name="second"/> by image, on r(E) at γ index <paramref name="gamma"/>.</summary>
        public static PairedComparison Of(ModeSummary first, ModeSummary second, int gamma) => Of(first, second, r => r.Robustness[gamma]);

        /// <summary>Pairs the rows of <paramref name="first"/> and <paramref name="second"/> by image, on any per-row value (e.g. a top-k% r).</summary>
        public static PairedComparison Of(ModeSummary first, ModeSummary second, Func<EvaluationRow, double> value)
        {
            ArgumentNullException.ThrowIfNull(first);
            ArgumentNullException.ThrowIfNull(second);
            ArgumentNullException.ThrowIfNull(value);
            Dictionary<string, double> other = second.Rows.ToDictionary(r => r.Image, value, StringComparer.Ordinal);
            var differences = new List<double>();
            foreach (EvaluationRow row in first.Rows)
            {
                if (other.TryGetValue(row.Image, out double r))
                {
                    differences.Add(value(row) - r);
                }
            }

            int wins = differences.Count(d => d > 0), losses = differences.Count(d => d < 0);
            return new PairedComparison(differences.Count, ModeSummary.Mean(differences), wins, losses, differences.Count - wins - losses,
                SignTest(wins, losses));
        }

        /// <summary>Exact two-sided sign test: P(a split at least as uneven as wins : losses) when both are equally likely; ties dropped.</summary>
        public static double SignTest(int wins, int losses)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(wins);
            ArgumentOutOfRangeException.ThrowIfNegative(losses);
            int n = wins + losses, k = Math.Min(wins, losses);
            if (n == 0)
            {
                return 1;
            }

            // Σ_{i ≤ k} C(n, i) / 2^n, with each term built in log space so n in the thousands cannot overflow.
            double tail = 0;
            for (int i = 0; i <= k; i++)
            {
                tail += Math.Exp(LogChoose(n, i) - n * Math.Log(2));
            }

            return Math.Min(1, 2 * tail);
        }

        private static double LogChoose(int n, int k)
        {
            double log = 0;
            for (int i = 1; i <= k; i++)
            {
                log += Math.Log(n - k + i) - Math.Log(i);
            }

            return log;
        }
    }
}
