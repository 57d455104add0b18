using System;
using System.Linq;
using Xunit;
using static ConvAD.Gpu.Tests.KernelData;

namespace ConvAD.Gpu.Tests
{
    /// <summary>Checkpoints on tensors of any layout, and masked global pooling of NHWC tensors.</summary>
    [Collection("kernels")]
    public sealed class KernelMaskTests
    {
        private readonly KernelFixture _f;

        public KernelMaskTests(KernelFixture f) => _f = f;

        private static float[] Mask(Random rng, int n, int h, int w) =>
            Enumerable.Range(0, n * h * w).Select(_ => rng.Next(3) == 0 ? 0f : 1f).ToArray();

        /// <summary>A tensor with NaN, ∞ and huge values scattered everywhere, occluded positions included.</summary>
        private static float[] Poisoned(Random rng, int length)
        {
            float[] x = Random(rng, length);
            for (int i = 0; i < length; i += 7)
            {
                x[i] = (i / 7 % 3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => -3e38f };
            }

            return x;
        }

        private float[] DeactivateAxes(float[] x, float[] mask, AxesParams axes, float neutral)
        {
            using var xb = _f.Upload(x);
            using var mb = _f.Upload(mask);
            using var yb = _f.Allocate(x.Length);
            _f.Kernels.DeactivateAxes(x.Length, xb.View, mb.View, yb.View, axes, neutral);
            return _f.Read(yb, x.Length);
        }

        [Theory]
        [InlineData(0f)]
        [InlineData(float.MinValue)]
        public void Nchw_matches_the_nchw_kernel(float neutral)
        {
            var rng = new Random(70);
            long[] shape = { 2, 3, 5, 4 };
            float[] x = Poisoned(rng, Count(shape));
            float[] mask = Mask(rng, 2, 5, 4);
            using var xb = _f.Upload(x);
            using var mb = _f.Upload(mask);
            using var yb = _f.Allocate(x.Length);
            _f.Kernels.Deactivate(x.Length, xb.View, mb.View, yb.View, 3 * 5 * 4, 5 * 4, neutral);
            float[] nchw = _f.Read(yb, x.Length);
            float[] general = DeactivateAxes(x, mask, AxesParams.Of(shape, 0, 2, 3), neutral);
            Bitwise(nchw, general);
            for (int i = 0; i < x.Length; i++)
            {
                long[] k = Unravel(i, shape);
                float m = mask[(k[0] * 5 + k[2]) * 4 + k[3]];
                Assert.Equal(m > 0 ? x[i] : neutral, general[i]);
            }
        }

        [Theory]
        [InlineData(new long[] { 2, 5, 4, 3 }, 0, 1, 2)] // NHWC
        [InlineData(new long[] { 2, 2, 3, 5, 4 }, 0, 3, 4)] // a channel shuffle's N×G×(C/G)×H×W
        [InlineData(new long[] { 2, 5, 2, 4, 3 }, 0, 1, 3)] // N×H×G×W×C
        [InlineData(new long[] { 5, 4, 2 }, 2, 0, 1)] // H×W×N
        public void Any_layout_selects_by_batch_height_and_width(long[] shape, int batchAxis, int heightAxis, int widthAxis)
        {
            var rng = new Random(71);
            int n = (int)shape[batchAxis], h = (int)shape[heightAxis], w = (int)shape[widthAxis];
            float[] x = Poisoned(rng, Count(shape));
            float[] mask = Mask(rng, n, h, w);
            float[] y = DeactivateAxes(x, mask, AxesParams.Of(shape, batchAxis, heightAxis, widthAxis), 0f);
            for (int i = 0; i < x.Length; i++)
            {
                long[] k = Unravel(i, shape);
                bool present = mask[(k[batchAxis] * h + k[heightAxis]) * w + k[widthAxis]] > 0;
                Assert.True(present ? x[i].Equals(y[i]) : y[i] == 0f && !float.IsNaN(y[i]), $"element {i}: {x[i]} → {y[i]}");
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Global_pool_of_nhwc_matches_nchw(int flags)
        {
            var rng = new Random(72 + flags);
            int n = 2, c = 5, h = 4, w = 3, hw = h * w;
            float[] nchw = Random(rng, n * c * hw, 3f);
            float[] mask = Mask(rng, n, h, w);
            Array.Clear(mask, hw, hw); // image 1: nothing present
            float[] nhwc = new float[nchw.Length];
            for (int i = 0; i < nchw.Length; i++)
            {
                long[] k = Unravel(i, new long[] { n, c, h, w });
                nhwc[Ravel(new[] { k[0], k[2], k[3], k[1] }, new long[] { n, h, w, c })] = nchw[i];
            }

            float[] Run(float[] x, bool channelsLast)
            {
                using var xb = _f.Upload(x);
                using var mb = _f.Upload(mask);
                using var yb = _f.Allocate(n * c);
                (channelsLast ? _f.Kernels.GlobalPoolNhwc : _f.Kernels.GlobalPool)(n * c, xb.View, mb.View, yb.View, c, hw, flags);
                return _f.Read(yb, n * c);
            }

            float[] expected = Run(nchw, false);
            Bitwise(expected, Run(nhwc, true));
            if ((flags & 1) != 0)
            {
                Assert.All(expected.Skip(c), v => Assert.Equal(0f, v)); // empty mask: 0
            }

            var reference = new float[n * c];
            for (int i = 0; i < n * c; i++)
            {
                float acc = (flags & 2) != 0 ? float.MinValue : 0f;
                int present = 0;
                for (int k = 0; k < hw; k++)
                {
                    if ((flags & 1) != 0 && mask[i / c * hw + k] <= 0f)
                    {
                        continue;
                    }

                    float v = nhwc[(i / c * hw + k) * c + i % c];
                    present++;
                    acc = (flags & 2) != 0 ? Math.Max(acc, v) : acc + v;
                }

                reference[i] = present == 0 ? 0f : (flags & 2) != 0 ? acc : acc / present;
            }

            Bitwise(reference, expected);
        }
    }
}
