using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary>KernelSHAP against Shapley values known in closed form (a linear model) or by brute force over permutations.</summary>
    public sealed class KernelShapTests
    {
        private const int Side = 12;

        [Fact]
        public void A_linear_model_over_cells_gets_its_weights_from_sampled_coalitions()
        {
            // 16 cells of 3×3 pixels; 2^16 coalitions are far more than the 200 samples, so this is the regression, not enumeration.
            var grid = new CellGrid(Side, Side, 4);
            double[] w = MethodHarness.RandomWeights(grid.Count, 4);
            var model = new PresenceModel(Side, Side, present => 0.3 + CellPresence(grid, present).Select((z, c) => z * w[c]).Sum());
            var options = new KernelShapOptions { GridSize = 4, Samples = 200, Seed = 1 };
            Assert.False(options.IsExact(grid.Count));
            foreach (Perturbation mode in MethodHarness.PresenceModes)
            {
                float[] map = MethodHarness.Map(model, options, mode);
                for (int p = 0; p < map.Length; p++)
                {
                    Assert.Equal(w[grid.CellOf(p)], map[p], 4);
                }
            }
        }

        [Fact]
        public void Few_cells_are_enumerated_to_the_exact_Shapley_values()
        {
            var grid = new CellGrid(Side, Side, 3);
            Func<double[], double> game = Interacting;
            var model = new PresenceModel(Side, Side, present => game(CellPresence(grid, present)));
            var options = new KernelShapOptions { GridSize = 3 };
            Assert.True(options.IsExact(grid.Count));
            double[] exact = ShapleyByPermutations(game, grid.Count);
            float[] map = MethodHarness.Map(model, options, Perturbation.ActivationDeactivation);
            for (int p = 0; p < map.Length; p++)
            {
                Assert.Equal(exact[grid.CellOf(p)], map[p], 4);
            }
        }

        [Fact]
        public void Sampled_coalitions_approach_the_exact_values_and_add_up_to_the_score_change()
        {
            var grid = new CellGrid(Side, Side, 3);
            var model = new PresenceModel(Side, Side, present => Interacting(CellPresence(grid, present)));
            double[] exact = ShapleyByPermutations(Interacting, grid.Count);
            var options = new KernelShapOptions { GridSize = 3, Samples = 400, Seed = 6 };
            Assert.False(options.IsExact(grid.Count));
            float[] map = MethodHarness.Map(model, options, Perturbation.ActivationDeactivation);
            var cells = new double[grid.Count];
            for (int p = 0; p < map.Length; p++)
            {
                cells[grid.CellOf(p)] = map[p];
            }

            Assert.Equal(Interacting(Ones(grid.Count)) - Interacting(new double[grid.Count]), cells.Sum(), 4);
            for (int c = 0; c < grid.Count; c++)
            {
                Assert.InRange(cells[c] - exact[c], -0.05, 0.05);
            }
        }

        [Theory]
        [InlineData("ad")]
        [InlineData("noise")]
        public void The_map_is_the_same_for_every_batch_size(string mode)
        {
            var model = new PresenceModel(Side, Side, p => p.Select((v, i) => (double)v * v * (i % 7)).Sum());
            float[] image = MethodHarness.Ramp(model);
            var options = new KernelShapOptions { GridSize = 4, Samples = 60, Seed = 8 };
            float[] reference = MethodHarness.Map(model, options with { BatchSize = 1 }, Perturbation.Parse(mode), image);
            Assert.Contains(reference, v => v != 0f);
            foreach (int batch in new[] { 9, 64 })
            {
                Assert.Equal(reference, MethodHarness.Map(model, options with { BatchSize = batch }, Perturbation.Parse(mode), image));
            }
        }

        /// <summary>A game with pairwise and three-way interactions and a non-additive maximum.</summary>
        private static double Interacting(double[] z) =>
            0.1 + 0.8 * z[0] - 0.3 * z[1] + 0.5 * z[4] * z[5] + 0.7 * z[2] * z[6] * z[8] + 0.4 * Math.Max(z[3], z[7]);

        private static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();

        private static double[] CellPresence(CellGrid grid, float[] present)
        {
            var sum = new double[grid.Count];
            var count = new int[grid.Count];
            for (int p = 0; p < present.Length; p++)
            {
                sum[grid.CellOf(p)] += present[p];
                count[grid.CellOf(p)]++;
            }

            return sum.Select((s, c) => s / count[c]).ToArray();
        }

        /// <summary>The definition: each player's marginal contribution averaged over every order in which players join.</summary>
        private static double[] ShapleyByPermutations(Func<double[], double> game, int players)
        {
            var phi = new double[players];
            long orders = 0;
            foreach (int[] order in Permutations(Enumerable.Range(0, players).ToArray(), 0))
            {
                var z = new double[players];
                double before = game(z);
                foreach (int player in order)
                {
                    z[player] = 1;
                    double after = game(z);
                    phi[player] += after - before;
                    before = after;
                }

                orders++;
            }

            return phi.Select(v => v / orders).ToArray();
        }

        private static IEnumerable<int[]> Permutations(int[] items, int from)
        {
            if (from == items.Length)
            {
                yield return items;
                yield break;
            }

            for (int i = from; i < items.Length; i++)
            {
                (items[from], items[i]) = (items[i], items[from]);
                foreach (int[] p in Permutations(items, from + 1))
                {
                    yield return p;
                }

                (items[from], items[i]) = (items[i], items[from]);
            }
        }
    }
}
