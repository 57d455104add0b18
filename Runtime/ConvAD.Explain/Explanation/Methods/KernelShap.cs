using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// KernelSHAP over M cells. Mask 0 removes every cell (v(∅)), mask 1 keeps them all (v(M)); then pairs of a sampled
    /// coalition and its complement. A coalition's size s ∈ [1, M−1] is drawn with probability ∝ (M−1)/(s·(M−s)) — the
    /// Shapley kernel summed over the C(M, s) coalitions of that size — and its cells uniformly, so every sample carries the
    /// same weight in the regression. The values solve that least-squares problem under the efficiency constraint
    /// Σ φ = v(M) − v(∅), with φ_0 = v(∅) (ShapleyRegression).
    /// </summary>
    internal sealed class KernelShap : IMaskQuery
    {
        // Keeps the coalitions' random stream apart from the masking values' and RISE's.
        private const long CoalitionStream = -3;

        private readonly CellGrid _grid;
        private readonly bool[][] _coalitions;
        private readonly double[] _worth;
        private double _empty;
        private double _full;

        public KernelShap(CellGrid grid, int samples, long seed)
        {
            _grid = grid;
            int pairs = (samples + 1) / 2;
            _coalitions = new bool[2 * pairs][];
            _worth = new double[2 * pairs];
            double[] sizeWeights = SizeWeights(grid.Count);
            for (int k = 0; k < pairs; k++)
            {
                var rng = new SplitMix64(SplitMix64.Key(seed, CoalitionStream, k));
                bool[] coalition = Draw(ref rng, grid.Count, sizeWeights);
                _coalitions[2 * k] = coalition;
                _coalitions[2 * k + 1] = Array.ConvertAll(coalition, present => !present);
            }
        }

        public int Count => 2 + _coalitions.Length;

        public void WriteMask(int index, Span<float> mask)
        {
            if (index < 2)
            {
                mask.Fill(index);
                return;
            }

            bool[] coalition = _coalitions[index - 2];
            _grid.WriteMask(c => coalition[c], mask);
        }

        public void Record(int index, float score)
        {
            switch (index)
            {
                case 0:
                    _empty = score;
                    break;
                case 1:
                    _full = score;
                    break;
                default:
                    _worth[index - 2] = score;
                    break;
            }
        }

        public float[] Attribution() => _grid.Paint(ShapleyRegression.Solve(_coalitions, _worth, _empty, _full, _grid.Count));

        /// <summary>Cumulative probabilities of coalition sizes 1 … M−1 under the Shapley kernel.</summary>
        private static double[] SizeWeights(int players)
        {
            var cumulative = new double[Math.Max(players - 1, 0)];
            double total = 0;
            for (int s = 1; s < players; s++)
            {
                total += (players - 1.0) / (s * (players - s));
                cumulative[s - 1] = total;
            }

            for (int i = 0; i < cumulative.Length; i++)
            {
                cumulative[i] /= total;
            }

            return cumulative;
        }

        private static bool[] Draw(ref SplitMix64 rng, int players, double[] cumulative)
        {
            var coalition = new bool[players];
            if (players < 2)
            {
                return coalition;
            }

            double u = rng.NextFloat();
            int size = 1;
            while (size < players - 1 && u >= cumulative[size - 1])
            {
                size++;
            }

            // A partial Fisher–Yates shuffle picks `size` distinct cells uniformly.
            var order = new int[players];
            for (int i = 0; i < players; i++)
            {
                order[i] = i;
            }

            for (int i = 0; i < size; i++)
            {
                int j = i + rng.NextInt(players - i);
                (order[i], order[j]) = (order[j], order[i]);
                coalition[order[i]] = true;
            }

            return coalition;
        }
    }
}
