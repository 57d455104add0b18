using System;
using System.Collections.Generic;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// The per-mode aggregate of r(E) over images: the share of images whose explanation is ρ-robust (r(E) ≥ ρ) for each ρ
    /// (the paper's Fig. 5 rows), and the mean r(E).
    /// </summary>
    public static class RobustnessProfile
    {
        /// <summary>The ρ values of the robustness tables and curves when the caller gives none.</summary>
        public static readonly IReadOnlyList<double> DefaultRhos = new[] { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0 };

        // r(E) is k/K; a CSV round trip or a ρ typed by hand may differ from it in the last bit, which must not flip r ≥ ρ.
        private const double Tolerance = 1e-9;

        /// <summary>The share of <paramref name="robustness"/> values ≥ ρ; NaN for no images.</summary>
        public static double ShareRobust(IReadOnlyList<double> robustness, double rho)
        {
            ArgumentNullException.ThrowIfNull(robustness);
            if (robustness.Count == 0)
            {
                return double.NaN;
            }

            int robust = 0;
            foreach (double r in robustness)
            {
                robust += r >= rho - Tolerance ? 1 : 0;
            }

            return robust / (double)robustness.Count;
        }

        /// <summary>The share robust at each ρ, in order.</summary>
        public static double[] Shares(IReadOnlyList<double> robustness, IReadOnlyList<double> rhos)
        {
            ArgumentNullException.ThrowIfNull(rhos);
            var shares = new double[rhos.Count];
            for (int i = 0; i < rhos.Count; i++)
            {
                shares[i] = ShareRobust(robustness, rhos[i]);
            }

            return shares;
        }
    }
}
