using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// The ConvAD forward of a tiny network, recomputed by hand from the definition (Φ, τ, neutral
    /// values, masked global mean) with plain loops, and compared with what the engine computes.
    /// </summary>
    public sealed class SemanticsTests
    {
        private const int Size = 6;

        [Theory]
        [InlineData("any")]
        [InlineData("0.5")]
        [InlineData("all")]
        public void Engine_matches_the_definition_computed_by_hand(string tau)
        {
            PropagationThreshold threshold = PropagationThreshold.Parse(tau);
            using ConvAdModel model = ConvAdModel.Load(RepoPaths.File("Tests", "Fixtures", "models", "semantics", "reference_net.onnx"),
                new EngineOptions { Plan = new PlanOptions { Threshold = threshold } });
            var rng = new Random(11);
            foreach (MaskPattern mask in MaskPatterns.Generate(Size, Size, 16, seed: 5))
            {
                float[] x = Enumerable.Range(0, Size * Size).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
                float[] actual = model.Run(x, mask.Values, 1);
                double[] expected = Reference(x, mask.Values, threshold);
                for (int c = 0; c < 2; c++)
                {
                    Assert.True(Math.Abs(expected[c] - actual[c]) <= 1e-5, $"{mask.Name}, τ={tau}, class {c}: expected {expected[c]}, got {actual[c]}");
                }
            }
        }

        [Fact]
        public void Occluding_pixels_changes_the_output_unlike_an_identity_mask()
        {
            using ConvAdModel model = ConvAdModel.Load(RepoPaths.File("Tests", "Fixtures", "models", "semantics", "reference_net.onnx"));
            float[] x = Enumerable.Range(0, Size * Size).Select(i => (float)Math.Sin(i)).ToArray();
            float[] half = Enumerable.Range(0, Size * Size).Select(i => i % Size < 3 ? 1f : 0f).ToArray();
            Assert.NotEqual(model.RunPlain(x, 1), model.Run(x, half, 1));
        }

        /// <summary>The definition, step by step, on the reference net (see make_reference_net.py).</summary>
        private static double[] Reference(float[] x, float[] m0, PropagationThreshold tau)
        {
            // conv1: 3×3 ones, pad 1, bias 0.5, over x·m0.
            var (c1, m1) = Conv3x3(Size, (y, xx) => x[y * Size + xx] * m0[y * Size + xx], (y, xx) => m0[y * Size + xx], new[] { 1.0 }, 0.5, tau, 1)[0];
            // relu, then maxpool 2×2 s2 with deactivated positions at −∞.
            int half = Size / 2;
            var p1 = new double[half * half];
            var m2 = new double[half * half];
            for (int y = 0; y < half; y++)
            {
                for (int xx = 0; xx < half; xx++)
                {
                    double best = double.NegativeInfinity;
                    int present = 0;
                    for (int dy = 0; dy < 2; dy++)
                    {
                        for (int dx = 0; dx < 2; dx++)
                        {
                            int i = (2 * y + dy) * Size + 2 * xx + dx;
                            if (m1[i] == 1)
                            {
                                best = Math.Max(best, Math.Max(0, c1[i]));
                                present++;
                            }
                        }
                    }

                    m2[y * half + xx] = Keep(present / 4.0, tau) ? 1 : 0;
                    p1[y * half + xx] = m2[y * half + xx] == 1 ? best : 0;
                }
            }

            // conv2: two channels (+1 and −1 weights) over the pooled map, then the masked global mean.
            var outputs = Conv3x3(half, (y, xx) => p1[y * half + xx] * m2[y * half + xx], (y, xx) => m2[y * half + xx], new[] { 1.0, -1.0 }, 0, tau, 2);
            return outputs.Select(o =>
            {
                double sum = 0, count = 0;
                for (int i = 0; i < o.values.Length; i++)
                {
                    sum += o.values[i] * o.mask[i];
                    count += o.mask[i];
                }

                return count == 0 ? 0 : sum / count;
            }).ToArray();
        }

        private static (double[] values, double[] mask)[] Conv3x3(int size, Func<int, int, double> input, Func<int, int, double> mask, double[] weights, double bias, PropagationThreshold tau, int channels)
        {
            var result = new (double[] values, double[] mask)[channels];
            for (int c = 0; c < channels; c++)
            {
                var values = new double[size * size];
                var outMask = new double[size * size];
                for (int y = 0; y < size; y++)
                {
                    for (int xx = 0; xx < size; xx++)
                    {
                        double sum = bias;
                        int inBounds = 0, present = 0;
                        for (int dy = -1; dy <= 1; dy++)
                        {
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int yy = y + dy, xz = xx + dx;
                                if (yy < 0 || yy >= size || xz < 0 || xz >= size)
                                {
                                    continue; // padding positions are not input positions
                                }

                                inBounds++;
                                present += mask(yy, xz) == 1 ? 1 : 0;
                                sum += weights[c] * input(yy, xz);
                            }
                        }

                        values[y * size + xx] = sum;
                        outMask[y * size + xx] = Keep((double)present / inBounds, tau) ? 1 : 0;
                    }
                }

                result[c] = (values, outMask);
            }

            return result;
        }

        private static bool Keep(double phi, PropagationThreshold tau) => tau.IsAny ? phi > 0 : phi >= tau.Value - 1e-12;
    }
}
