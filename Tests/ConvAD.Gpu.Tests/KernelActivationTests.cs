using System;
using System.Linq;
using Xunit;
using static ConvAD.Gpu.Tests.KernelData;

namespace ConvAD.Gpu.Tests
{
    /// <summary>The Unary op codes and the Pow/Min/Max binary op codes, through the kernels, against plain C#.</summary>
    [Collection("kernels")]
    public sealed class KernelActivationTests
    {
        private static readonly float[] Specials = { 0f, -0f, 1f, -1f, 3f, -3f, 6f, -6f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, -1e-30f, 100f, -100f };

        private readonly KernelFixture _f;

        public KernelActivationTests(KernelFixture f) => _f = f;

        private static float[] Inputs(int seed)
        {
            var rng = new Random(seed);
            return Random(rng, 4000, 8f).Concat(Random(rng, 1000, 0.01f)).Concat(Specials).ToArray();
        }

        private float[] Unary(float[] x, int op, float low = 0f, float high = 0f)
        {
            using var xb = _f.Upload(x);
            using var yb = _f.Allocate(x.Length);
            _f.Kernels.Unary(x.Length, xb.View, yb.View, op, low, high);
            return _f.Read(yb, x.Length);
        }

        [Fact]
        public void Exact_activations()
        {
            float[] x = Inputs(1);
            Bitwise(x.Select(v => v * Math.Max(0f, Math.Min(1f, v / 6f + 0.5f))).ToArray(), Unary(x, Kernels.UnaryHardSwish), "HardSwish");
            Bitwise(x.Select(v => Math.Max(0f, Math.Min(1f, 0.2f * v + 0.5f))).ToArray(), Unary(x, Kernels.UnaryHardSigmoid, 0.2f, 0.5f), "HardSigmoid");
            Bitwise(x.Select(v => Math.Max(0f, Math.Min(1f, 0.25f * v + 0.125f))).ToArray(), Unary(x, Kernels.UnaryHardSigmoid, 0.25f, 0.125f), "HardSigmoid(0.25, 0.125)");
            Bitwise(x.Select(v => v >= 0f ? v : 0.01f * v).ToArray(), Unary(x, Kernels.UnaryLeakyRelu, 0.01f), "LeakyRelu");
            Bitwise(x.Select(v => v >= 0f ? v : 0.3f * v).ToArray(), Unary(x, Kernels.UnaryLeakyRelu, 0.3f), "LeakyRelu(0.3)");
            Bitwise(x.Select(MathF.Sqrt).ToArray(), Unary(x, Kernels.UnarySqrt), "Sqrt");
            Bitwise(x.Select(v => -v).ToArray(), Unary(x, Kernels.UnaryNeg), "Neg");
            Bitwise(x.Select(MathF.Abs).ToArray(), Unary(x, Kernels.UnaryAbs), "Abs");
            Bitwise(x.Select(v => 1f / v).ToArray(), Unary(x, Kernels.UnaryReciprocal), "Reciprocal");
            Bitwise(x.Select(v => v > 0f ? v : 0f).ToArray(), Unary(x, Kernels.UnaryRelu), "Relu");
            Bitwise(x.Select(v => v < -1.5f ? -1.5f : v > 2f ? 2f : v).ToArray(), Unary(x, Kernels.UnaryClip, -1.5f, 2f), "Clip");
            Bitwise(x, Unary(x, Kernels.UnaryIdentity), "Identity");
        }

        [Fact]
        public void Transcendental_activations_against_double()
        {
            float[] x = Inputs(2);
            Close(x.Select(v => Math.Tanh(v)).ToArray(), Unary(x, Kernels.UnaryTanh), 3e-7, 0, "Tanh");
            Close(x.Select(v => 1 / (1 + Math.Exp(-(double)v))).ToArray(), Unary(x, Kernels.UnarySigmoid), 3e-7, 1e-40, "Sigmoid");
            Close(x.Select(v => (double)(float)Math.Exp(v)).ToArray(), Unary(x, Kernels.UnaryExp), 2.5e-7, 1e-40, "Exp");
            Close(x.Select(v => KernelMathTests.ReferenceErf(v)).ToArray(), Unary(x, Kernels.UnaryErf), 0, 4e-7, "Erf");
        }

        [Fact]
        public void Gelu_from_erf_is_within_1e_6()
        {
            // GELU(x) = x·(1 + erf(x/√2))/2, as an exported graph computes it from Erf.
            float[] x = Inputs(3).Where(float.IsFinite).ToArray();
            float[] scaled = x.Select(v => v / MathF.Sqrt(2f)).ToArray();
            float[] erf = Unary(scaled, Kernels.UnaryErf);
            float[] gelu = x.Select((v, i) => v * (1f + erf[i]) * 0.5f).ToArray();
            double[] expected = x.Select(v => v * (1 + KernelMathTests.ReferenceErf(v / Math.Sqrt(2))) / 2).ToArray();
            Close(expected, gelu, 1e-6, 1e-6, "Gelu");
        }

        private float[] Binary(float[] a, long[] aShape, float[] b, long[] bShape, long[] outShape, int op)
        {
            int rank = outShape.Length;
            var meta = new int[1 + 3 * rank];
            meta[0] = rank;
            for (int d = 0; d < rank; d++)
            {
                meta[1 + d] = (int)outShape[d];
            }

            void Strides(long[] shape, int offset)
            {
                long stride = 1;
                for (int d = rank - 1; d >= 0; d--)
                {
                    int sd = d - (rank - shape.Length);
                    long extent = sd >= 0 ? shape[sd] : 1;
                    meta[offset + d] = extent == 1 && outShape[d] != 1 ? 0 : (int)stride;
                    stride *= extent;
                }
            }

            Strides(aShape, 1 + rank);
            Strides(bShape, 1 + 2 * rank);
            int count = Count(outShape);
            using var ab = _f.Upload(a);
            using var bb = _f.Upload(b);
            using var mb = _f.Upload(meta);
            using var yb = _f.Allocate(count);
            _f.Kernels.Binary(count, ab.View, bb.View, yb.View, mb.View, op);
            return _f.Read(yb, count);
        }

        [Theory]
        [InlineData(2f)]
        [InlineData(3f)]
        [InlineData(0.5f)]
        [InlineData(-1f)]
        [InlineData(1.5f)]
        [InlineData(0f)]
        public void Pow_by_a_constant_exponent(float exponent)
        {
            float[] x = Inputs(4);
            float[] y = Binary(x, new long[] { x.Length }, new[] { exponent }, new long[] { 1 }, new long[] { x.Length }, Kernels.OpPow);
            if (exponent == 2f)
            {
                Bitwise(x.Select(v => v * v).ToArray(), y, "x^2");
            }
            else if (exponent == 0.5f)
            {
                Bitwise(x.Select(v => v == float.NegativeInfinity ? float.PositiveInfinity : MathF.Sqrt(v) + 0f).ToArray(), y, "x^0.5");
            }
            else
            {
                Close(x.Select(v => (double)(float)Math.Pow(v, exponent)).ToArray(), y, 1e-6, 0, $"x^{exponent}");
            }
        }

        [Fact]
        public void Min_and_max_broadcast_and_propagate_nan()
        {
            var rng = new Random(5);
            float[] a = Random(rng, 2 * 3 * 4);
            float[] b = Random(rng, 3 * 1);
            a[5] = float.NaN;
            b[2] = float.NaN;
            long[] aShape = { 2, 3, 4 }, bShape = { 3, 1 }, outShape = { 2, 3, 4 };
            var expectedMax = new float[a.Length];
            var expectedMin = new float[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                float u = a[i], v = b[i / 4 % 3];
                expectedMax[i] = float.IsNaN(u) || float.IsNaN(v) ? float.NaN : Math.Max(u, v);
                expectedMin[i] = float.IsNaN(u) || float.IsNaN(v) ? float.NaN : Math.Min(u, v);
            }

            Bitwise(expectedMax, Binary(a, aShape, b, bShape, outShape, Kernels.OpMax), "Max");
            Bitwise(expectedMin, Binary(a, aShape, b, bShape, outShape, Kernels.OpMin), "Min");
        }
    }
}
