using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The exact Shapley values of a few cells: mask i keeps the cells whose bits are set in i (every coalition, 2^M masks),
    /// and φ_c = Σ over coalitions S without c of |S|!·(M−|S|−1)!/M! · (v(S ∪ {c}) − v(S)).
    /// </summary>
    internal sealed class ExactShapley : IMaskQuery
    {
        private readonly CellGrid _grid;
        private readonly double[] _values;

        public ExactShapley(CellGrid grid)
        {
            _grid = grid;
            _values = new double[1 << grid.Count];
        }

        public int Count => _values.Length;

        public void WriteMask(int index, Span<float> mask) => _grid.WriteMask(c => (index >> c & 1) != 0, mask);

        public void Record(int index, float score) => _values[index] = score;

        public float[] Attribution() => _grid.Paint(Values(_values, _grid.Count));

        /// <summary>The Shapley values of <paramref name="players"/> players from the worth of every coalition (indexed by bit set).</summary>
        internal static double[] Values(ReadOnlySpan<double> worth, int players)
        {
            var weight = new double[players];
            for (int s = 0; s < players; s++)
            {
                weight[s] = 1.0 / (players * Binomial(players - 1, s));
            }

            var phi = new double[players];
            for (int coalition = 0; coalition < worth.Length; coalition++)
            {
                int size = System.Numerics.BitOperations.PopCount((uint)coalition);
                for (int c = 0; c < players; c++)
                {
                    if ((coalition >> c & 1) == 0)
                    {
                        phi[c] += weight[size] * (worth[coalition | 1 << c] - worth[coalition]);
                    }
                }
            }

            return phi;
        }

        private static double Binomial(int n, int k)
        {
            double r = 1;
            for (int i = 1; i <= k; i++)
            {
                r = r * (n - k + i) / i;
            }

            return r;
        }
    }
}
