using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// KernelSHAP's regression: the φ that minimise Σ_n (v_n − v(∅) − z_n·φ)² over equally weighted samples z_n (drawn from the
    /// Shapley kernel), subject to Σ φ = v(M) − v(∅). The constraint eliminates the last player
    /// (φ_M = Δ − Σ_{i&lt;M} φ_i), leaving an unconstrained (M−1)-dimensional problem solved by its normal equations.
    /// </summary>
    internal static class ShapleyRegression
    {
        public static double[] Solve(bool[][] samples, ReadOnlySpan<double> worth, double empty, double full, int players)
        {
            var phi = new double[players];
            double delta = full - empty;
            if (players == 1)
            {
                phi[0] = delta;
                return phi;
            }

            int m = players - 1;
            var normal = new double[m, m];
            var right = new double[m];
            var row = new double[m];
            for (int n = 0; n < samples.Length; n++)
            {
                bool[] z = samples[n];
                double last = z[m] ? 1 : 0;
                double residual = worth[n] - empty - last * delta;
                for (int i = 0; i < m; i++)
                {
                    row[i] = (z[i] ? 1 : 0) - last;
                }

                for (int i = 0; i < m; i++)
                {
                    right[i] += row[i] * residual;
                    for (int j = 0; j < m; j++)
                    {
                        normal[i, j] += row[i] * row[j];
                    }
                }
            }

            double[] solved = Gauss(normal, right);
            double sum = 0;
            for (int i = 0; i < m; i++)
            {
                phi[i] = solved[i];
                sum += solved[i];
            }

            phi[m] = delta - sum;
            return phi;
        }

        /// <summary>
        /// Gaussian elimination with partial pivoting. A player that no sample separates from the last gives a zero pivot;
        /// its value is then left at 0 (the minimum-change choice) rather than dividing by zero.
        /// </summary>
        private static double[] Gauss(double[,] a, double[] b)
        {
            int n = b.Length;
            double scale = 0;
            for (int i = 0; i < n; i++)
            {
                scale = Math.Max(scale, Math.Abs(a[i, i]));
            }

            double tiny = 1e-12 * Math.Max(scale, 1);
            var x = new double[n];
            var pivotRow = new int[n];
            for (int col = 0, r = 0; col < n; col++)
            {
                pivotRow[col] = -1;
                if (r >= n)
                {
                    continue;
                }

                int best = r;
                for (int i = r + 1; i < n; i++)
                {
                    if (Math.Abs(a[i, col]) > Math.Abs(a[best, col]))
                    {
                        best = i;
                    }
                }

                if (Math.Abs(a[best, col]) <= tiny)
                {
                    continue;
                }

                Swap(a, b, r, best);
                for (int i = r + 1; i < n; i++)
                {
                    double f = a[i, col] / a[r, col];
                    for (int j = col; j < n; j++)
                    {
                        a[i, j] -= f * a[r, j];
                    }

                    b[i] -= f * b[r];
                }

                pivotRow[col] = r++;
            }

            for (int col = n - 1; col >= 0; col--)
            {
                int r = pivotRow[col];
                if (r < 0)
                {
                    continue;
                }

                double s = b[r];
                for (int j = col + 1; j < n; j++)
                {
                    s -= a[r, j] * x[j];
                }

                x[col] = s / a[r, col];
            }

            return x;
        }

        private static void Swap(double[,] a, double[] b, int r1, int r2)
        {
            if (r1 == r2)
            {
                return;
            }

            for (int j = 0; j < b.Length; j++)
            {
                (a[r1, j], a[r2, j]) = (a[r2, j], a[r1, j]);
            }

            (b[r1], b[r2]) = (b[r2], b[r1]);
        }
    }
}
