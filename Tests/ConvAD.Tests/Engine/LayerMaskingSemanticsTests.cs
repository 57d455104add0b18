using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// Layer masking of the tiny reference net (Tests/Fixtures/models/semantics/make_reference_net.py: conv 3×3 → ReLU →
    /// max-pool 2×2 → conv 3×3, two channels → global average), recomputed by hand with plain loops from the rules in
    /// docs/layer-masking.md and compared with what the engine computes.
    /// </summary>
    public sealed class LayerMaskingSemanticsTests
    {
        private const int Size = 6;

        private static string ReferenceNet => RepoPaths.File("Tests", "Fixtures", "models", "semantics", "reference_net.onnx");

        [Fact]
        public void Engine_matches_layer_masking_computed_by_hand()
        {
            using ConvAdModel model = ConvAdModel.Load(ReferenceNet, new EngineOptions { Plan = PlanOptions.LayerMasking });
            var rng = new Random(13);
            int filled = 0;
            foreach (MaskPattern mask in MaskPatterns.Generate(Size, Size, 24, seed: 6))
            {
                float[] x = Enumerable.Range(0, Size * Size).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
                float[] actual = model.Run(x, mask.Values, 1);
                double[] expected = Reference(x, mask.Values, fillSteps: 2);
                double[] unfilled = Reference(x, mask.Values, fillSteps: 0);
                for (int c = 0; c < 2; c++)
                {
                    Assert.True(Math.Abs(expected[c] - actual[c]) <= 1e-5, $"{mask.Name}, class {c}: expected {expected[c]}, got {actual[c]}");
                }

                filled += Math.Abs(unfilled[0] - actual[0]) > 1e-3 ? 1 : 0;
            }

            // The same net without the fill (zeros at occluded positions, mask max-pooled) must differ on most masks with an edge.
            Assert.True(filled >= 8, $"only {filled} of 24 masks changed by the neighbour fill");
        }

        /// <summary>
        /// One mask worked out in full: a 6×6 image of ones with only its left column present. The fill makes columns 1 and 2
        /// ones; conv1 keeps columns 0 and 1 (τ = any), 6.5 and 9.5 inside, so the pool keeps pooled column 0 at 9.5 in every
        /// row. The fill spreads 9.5 over the whole 3×3 map; conv2 keeps columns 0 and 1, where it sums 9.5 over 4, 6, 4
        /// (column 0) and 6, 9, 6 (column 1) in-bounds positions: the mean is 9.5 · 35 / 6 = 55.41667. Without the fill the
        /// same net gives 8.1667 (the pool keeps 3.5, and conv2 sees it in one column only).
        /// </summary>
        [Fact]
        public void A_constant_image_gives_the_hand_computed_answer()
        {
            using ConvAdModel model = ConvAdModel.Load(ReferenceNet, new EngineOptions { Plan = PlanOptions.LayerMasking });
            using ConvAdModel any = ConvAdModel.Load(ReferenceNet, new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Any } });
            float[] x = Enumerable.Repeat(1f, Size * Size).ToArray();
            float[] leftColumn = Enumerable.Range(0, Size * Size).Select(i => i % Size == 0 ? 1f : 0f).ToArray();
            float[] y = model.Run(x, leftColumn, 1);
            Assert.Equal(9.5 * 35 / 6, y[0], 4);
            Assert.Equal(-9.5 * 35 / 6, y[1], 4);
            Assert.Equal(3.5 * 14 / 6, any.Run(x, leftColumn, 1)[0], 4);
        }

        /// <summary>The rules, step by step: fill, conv, max-pooled mask; max-pool over present values; fill, conv; masked global mean.</summary>
        private static double[] Reference(float[] x, float[] m0, int fillSteps)
        {
            double[] mask0 = m0.Select(v => (double)v).ToArray();
            double[] in1 = Fill(x.Select(v => (double)v).ToArray(), mask0, Size, fillSteps);
            (double[] c1, double[] m1) = Conv3x3(in1, mask0, Size, 1.0, 0.5);
            int half = Size / 2;
            var p1 = new double[half * half];
            var m2 = new double[half * half];
            for (int y = 0; y < half; y++)
            {
                for (int xx = 0; xx < half; xx++)
                {
                    double best = double.NegativeInfinity;
                    for (int dy = 0; dy < 2; dy++)
                    {
                        for (int dx = 0; dx < 2; dx++)
                        {
                            int i = (2 * y + dy) * Size + 2 * xx + dx;
                            if (m1[i] == 1)
                            {
                                best = Math.Max(best, Math.Max(0, c1[i]));
                            }
                        }
                    }

                    m2[y * half + xx] = double.IsNegativeInfinity(best) ? 0 : 1;
                    p1[y * half + xx] = m2[y * half + xx] == 1 ? best : 0;
                }
            }

            double[] in2 = Fill(p1, m2, half, fillSteps);
            return new[] { 1.0, -1.0 }.Select(weight =>
            {
                (double[] c2, double[] m3) = Conv3x3(in2, m2, half, weight, 0);
                double sum = 0, count = 0;
                for (int i = 0; i < c2.Length; i++)
                {
                    sum += c2[i] * m3[i];
                    count += m3[i];
                }

                return count == 0 ? 0 : sum / count;
            }).ToArray();
        }

        /// <summary>Neighbour fill: each step gives every occluded position next to a known one the mean of its known 3×3 neighbours.</summary>
        private static double[] Fill(double[] values, double[] mask, int size, int steps)
        {
            double[] v = values.Select((a, i) => a * mask[i]).ToArray();
            double[] known = (double[])mask.Clone();
            for (int step = 0; step < steps; step++)
            {
                double[] next = (double[])v.Clone();
                double[] nextKnown = (double[])known.Clone();
                for (int y = 0; y < size; y++)
                {
                    for (int x = 0; x < size; x++)
                    {
                        double sum = 0, count = 0;
                        for (int dy = -1; dy <= 1; dy++)
                        {
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int yy = y + dy, xx = x + dx;
                                if (yy >= 0 && yy < size && xx >= 0 && xx < size && known[yy * size + xx] == 1)
                                {
                                    sum += v[yy * size + xx];
                                    count++;
                                }
                            }
                        }

                        if (known[y * size + x] == 0 && count > 0)
                        {
                            next[y * size + x] = sum / count;
                            nextKnown[y * size + x] = 1;
                        }
                    }
                }

                v = next;
                known = nextKnown;
            }

            return v;
        }

        /// <summary>A 3×3 convolution (pad 1, all weights <paramref name="weight"/>) and its max-pooled mask (present if any input is).</summary>
        private static (double[] Values, double[] Mask) Conv3x3(double[] input, double[] mask, int size, double weight, double bias)
        {
            var values = new double[size * size];
            var outMask = new double[size * size];
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    double sum = bias, present = 0;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int yy = y + dy, xx = x + dx;
                            if (yy >= 0 && yy < size && xx >= 0 && xx < size)
                            {
                                sum += weight * input[yy * size + xx];
                                present += mask[yy * size + xx];
                            }
                        }
                    }

                    values[y * size + x] = sum;
                    outMask[y * size + x] = present > 0 ? 1 : 0;
                }
            }

            return (values, outMask);
        }
    }
}
