using System;
using System.Linq;
using Xunit;
using static ConvAD.Gpu.Tests.KernelData;

namespace ConvAD.Gpu.Tests
{
    /// <summary>QuantizeLinear → DequantizeLinear fake quantisation, against ONNX Runtime's CPU arithmetic written out.</summary>
    [Collection("kernels")]
    public sealed class KernelQuantizeTests
    {
        private readonly KernelFixture _f;

        public KernelQuantizeTests(KernelFixture f) => _f = f;

        /// <summary>As ONNX Runtime (MLAS): q = saturate(nearbyint(x / s) + z); y = (q − z)·s, all in float.</summary>
        private static float Reference(float x, float s, int z, int qmin, int qmax)
        {
            float v = x / s;
            if (float.IsNaN(v))
            {
                return float.NaN;
            }

            float rounded = MathF.Round(v, MidpointRounding.ToEven);
            int q = rounded >= qmax - z ? qmax : rounded <= qmin - z ? qmin : (int)rounded + z;
            return (q - z) * s;
        }

        private float[] Run(float[] x, float[] scale, int[] zeroPoint, QuantParams p)
        {
            using var xb = _f.Upload(x);
            using var sb = _f.Upload(scale);
            using var zb = _f.Upload(zeroPoint);
            using var yb = _f.Allocate(x.Length);
            _f.Kernels.FakeQuantize(x.Length, xb.View, sb.View, zb.View, yb.View, p);
            return _f.Read(yb, x.Length);
        }

        [Theory]
        [InlineData(-128, 127, 0, 0.05f)]
        [InlineData(-128, 127, 17, 0.0173f)]
        [InlineData(-128, 127, -128, 0.01f)]
        [InlineData(0, 255, 128, 0.02f)]
        [InlineData(0, 255, 0, 0.0078125f)]
        public void Per_tensor(int qmin, int qmax, int zeroPoint, float scale)
        {
            var rng = new Random(qmin + zeroPoint);
            // Random values across and beyond the range, exact ties ((k + ½)·s), and the specials.
            float[] x = Random(rng, 3000, 8f)
                .Concat(Enumerable.Range(-300, 600).Select(k => (k + 0.5f) * scale))
                .Concat(new[] { 0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f })
                .ToArray();
            float[] expected = x.Select(v => Reference(v, scale, zeroPoint, qmin, qmax)).ToArray();
            float[] actual = Run(x, new[] { scale }, new[] { zeroPoint }, new QuantParams { ChannelStride = 1, Channels = 1, QMin = qmin, QMax = qmax });
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(expected[i].Equals(actual[i]) || expected[i] == actual[i], $"x = {x[i]:R}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }

        [Theory]
        [InlineData(-128, 127)]
        [InlineData(0, 255)]
        public void Per_axis_on_channels(int qmin, int qmax)
        {
            var rng = new Random(qmax);
            long[] shape = { 2, 5, 3, 4 }; // quantised along axis 1: channel stride 3·4
            int channels = 5, stride = 12;
            float[] scale = Enumerable.Range(0, channels).Select(_ => (float)(0.005 + rng.NextDouble() * 0.05)).ToArray();
            int[] zeroPoint = Enumerable.Range(0, channels).Select(_ => rng.Next(qmin, qmax + 1)).ToArray();
            float[] x = Random(rng, Count(shape), 6f);
            float[] expected = x.Select((v, i) => Reference(v, scale[i / stride % channels], zeroPoint[i / stride % channels], qmin, qmax)).ToArray();
            float[] actual = Run(x, scale, zeroPoint, new QuantParams { ChannelStride = stride, Channels = channels, QMin = qmin, QMax = qmax });
            Bitwise(expected.Select(v => v + 0f).ToArray(), actual.Select(v => v + 0f).ToArray());
        }

        [Fact]
        public void Per_axis_on_the_last_axis()
        {
            var rng = new Random(3);
            int channels = 7;
            float[] scale = Enumerable.Range(0, channels).Select(_ => (float)(0.01 + rng.NextDouble() * 0.1)).ToArray();
            int[] zeroPoint = Enumerable.Range(0, channels).Select(_ => rng.Next(-20, 20)).ToArray();
            float[] x = Random(rng, 6 * channels, 10f);
            float[] expected = x.Select((v, i) => Reference(v, scale[i % channels], zeroPoint[i % channels], -128, 127)).ToArray();
            float[] actual = Run(x, scale, zeroPoint, new QuantParams { ChannelStride = 1, Channels = channels, QMin = -128, QMax = 127 });
            Bitwise(expected.Select(v => v + 0f).ToArray(), actual.Select(v => v + 0f).ToArray());
        }

        [Theory]
        [InlineData(0, 255, 128, 0.0173f)]
        [InlineData(0, 255, 0, 1e-3f)]
        [InlineData(-128, 127, -3, 0.4113f)]
        [InlineData(-128, 127, 0, 3.1e-5f)]
        public void Grid_integers_give_back_every_integer_of_the_grid(int qmin, int qmax, int zeroPoint, float scale)
        {
            // Every value the fake quantisation writes, (q − z)·s, then the range's ends overshot (clamped as a quantizer would).
            int[] q = Enumerable.Range(qmin, qmax - qmin + 1).ToArray();
            float[] x = Run(q.Select(v => (v - zeroPoint) * scale).ToArray(), new[] { scale }, new[] { zeroPoint },
                    new QuantParams { ChannelStride = 1, Channels = 1, QMin = qmin, QMax = qmax })
                .Concat(new[] { (qmax - zeroPoint + 3) * scale, (qmin - zeroPoint - 3) * scale })
                .ToArray();
            float[] expected = q.Select(v => (float)(v - zeroPoint)).Concat(new float[] { qmax - zeroPoint, qmin - zeroPoint }).ToArray();

            using var xb = _f.Upload(x);
            using var yb = _f.Allocate(x.Length);
            _f.Kernels.GridIntegers(x.Length, xb.View, yb.View, scale, qmin - zeroPoint, qmax - zeroPoint);
            Bitwise(expected.Select(v => v + 0f).ToArray(), _f.Read(yb, x.Length).Select(v => v + 0f).ToArray());
        }
    }
}
