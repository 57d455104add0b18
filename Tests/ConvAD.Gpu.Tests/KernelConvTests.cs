using System;
using System.Linq;
using Xunit;
using static ConvAD.Gpu.Tests.KernelData;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// Convolution, pooling and mask propagation against loops over every tap (skipping the padding ones),
    /// on random geometries: groups, depthwise, strides, dilations, asymmetric padding. The kernels visit only
    /// the in-bounds taps, in the same order, so the results are bitwise equal.
    /// </summary>
    [Collection("kernels")]
    public sealed class KernelConvTests
    {
        private readonly KernelFixture _f;

        public KernelConvTests(KernelFixture f) => _f = f;

        private static (int Out, int Begin) Geometry(Random rng, int size, int kernel, int stride, int dilation)
        {
            int begin = rng.Next(0, kernel);
            int end = rng.Next(0, kernel);
            int o = (size + begin + end - dilation * (kernel - 1) - 1) / stride + 1;
            return (Math.Max(o, 1), begin);
        }

        [Fact]
        public void Conv_on_random_geometries()
        {
            var rng = new Random(80);
            for (int trial = 0; trial < 60; trial++)
            {
                int groups = new[] { 1, 1, 2, 3 }[rng.Next(4)];
                bool depthwise = rng.Next(4) == 0;
                int cpg = depthwise ? 1 : rng.Next(1, 4);
                int c = cpg * groups, m = groups * (depthwise ? 1 : rng.Next(1, 3));
                int n = rng.Next(1, 3), h = rng.Next(1, 9), w = rng.Next(1, 9), kh = rng.Next(1, 4), kw = rng.Next(1, 6);
                int sh = rng.Next(1, 3), sw = rng.Next(1, 4), dh = rng.Next(1, 3), dw = rng.Next(1, 3);
                (int oh, int ph) = Geometry(rng, h, kh, sh, dh);
                (int ow, int pw) = Geometry(rng, w, kw, sw, dw);
                var p = new ConvParams { C = c, H = h, W = w, M = m, OH = oh, OW = ow, KH = kh, KW = kw, SH = sh, SW = sw, PH = ph, PW = pw, DH = dh, DW = dw, Groups = groups, HasBias = rng.Next(2) };
                float[] x = Random(rng, n * c * h * w), wt = Random(rng, m * cpg * kh * kw), b = Random(rng, m);

                var expected = new float[n * m * oh * ow];
                for (int i = 0; i < expected.Length; i++)
                {
                    int ox = i % ow, oy = i / ow % oh, mo = i / (ow * oh) % m, ni = i / (ow * oh * m);
                    int g = mo / (m / groups);
                    float sum = 0f;
                    for (int ci = 0; ci < cpg; ci++)
                    {
                        for (int ky = 0; ky < kh; ky++)
                        {
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int iy = oy * sh - ph + ky * dh, ix = ox * sw - pw + kx * dw;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                {
                                    sum += x[((ni * c + g * cpg + ci) * h + iy) * w + ix] * wt[((mo * cpg + ci) * kh + ky) * kw + kx];
                                }
                            }
                        }
                    }

                    expected[i] = p.HasBias != 0 ? sum + b[mo] : sum;
                }

                using var xb = _f.Upload(x);
                using var wb = _f.Upload(wt);
                using var bb = _f.Upload(b);
                using var yb = _f.Allocate(expected.Length);
                _f.Kernels.Conv(expected.Length, xb.View, xb.View, wb.View, bb.View, yb.View, p);
                Bitwise(expected, _f.Read(yb, expected.Length), $"trial {trial}");
            }
        }

        [Fact]
        public void Conv_with_a_fused_checkpoint_and_activation_equals_the_three_launches_bitwise()
        {
            var rng = new Random(82);
            for (int trial = 0; trial < 20; trial++)
            {
                int groups = new[] { 1, 2, 3 }[rng.Next(3)], cpg = rng.Next(1, 3), c = cpg * groups, m = groups * rng.Next(1, 3);
                int n = rng.Next(1, 3), h = rng.Next(2, 8), w = rng.Next(2, 8), k = new[] { 1, 3 }[rng.Next(2)];
                var p = new ConvParams { C = c, H = h, W = w, M = m, OH = h, OW = w, KH = k, KW = k, SH = 1, SW = 1, PH = k / 2, PW = k / 2, DH = 1, DW = 1, Groups = groups, HasBias = 1 };
                float[] x = Random(rng, n * c * h * w, 4f), wt = Random(rng, m * cpg * k * k), b = Random(rng, m);
                float[] mask = Enumerable.Range(0, n * h * w).Select(_ => rng.Next(3) == 0 ? 0f : 1f).ToArray();
                for (int i = 0; i < x.Length; i += 7)
                {
                    x[i] = float.NaN; // at occluded positions these must not reach the sum; elsewhere they must
                }

                int length = n * m * h * w;
                (int activation, float low, float high) = trial % 2 == 0 ? (Kernels.UnaryRelu, 0f, 0f) : (Kernels.UnaryClip, 0f, 6f);
                using var xb = _f.Upload(x);
                using var mb = _f.Upload(mask);
                using var wb = _f.Upload(wt);
                using var bb = _f.Upload(b);
                using var db = _f.Allocate(x.Length);
                using var cb = _f.Allocate(length);
                using var yb = _f.Allocate(length);
                _f.Kernels.Deactivate(x.Length, xb.View, mb.View, db.View, c * h * w, h * w, 0f);
                _f.Kernels.Conv(length, db.View, db.View, wb.View, bb.View, cb.View, p);
                _f.Kernels.Unary(length, cb.View, yb.View, activation, low, high);
                float[] separate = _f.Read(yb, length);

                var fused = p;
                fused.Masked = 1;
                fused.Activation = activation;
                fused.Low = low;
                fused.High = high;
                _f.Kernels.Conv(length, xb.View, mb.View, wb.View, bb.View, cb.View, fused);
                Bitwise(separate, _f.Read(cb, length), $"trial {trial}");
            }
        }

        [Fact]
        public void Max_pool_and_mask_propagation_on_random_geometries()
        {
            var rng = new Random(81);
            for (int trial = 0; trial < 40; trial++)
            {
                int n = rng.Next(1, 3), c = rng.Next(1, 4), h = rng.Next(1, 9), w = rng.Next(1, 9), kh = rng.Next(1, 4), kw = rng.Next(1, 4);
                int sh = rng.Next(1, 3), sw = rng.Next(1, 3), dh = rng.Next(1, 3), dw = rng.Next(1, 3);
                (int oh, int ph) = Geometry(rng, h, kh, sh, dh);
                (int ow, int pw) = Geometry(rng, w, kw, sw, dw);
                float[] x = Random(rng, n * c * h * w);
                float[] mask = Enumerable.Range(0, n * h * w).Select(_ => rng.Next(2) == 0 ? 0f : 1f).ToArray();

                var pooled = new float[n * c * oh * ow];
                for (int i = 0; i < pooled.Length; i++)
                {
                    int ox = i % ow, oy = i / ow % oh, nc = i / (ow * oh);
                    float best = float.MinValue;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int iy = oy * sh - ph + ky * dh, ix = ox * sw - pw + kx * dw;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w && x[(nc * h + iy) * w + ix] > best)
                            {
                                best = x[(nc * h + iy) * w + ix];
                            }
                        }
                    }

                    pooled[i] = best;
                }

                float threshold = 0.5f * (1 - 1e-6f);
                var propagated = new float[2][];
                for (int any = 0; any < 2; any++)
                {
                    propagated[any] = new float[n * oh * ow];
                    for (int i = 0; i < propagated[any].Length; i++)
                    {
                        int ox = i % ow, oy = i / ow % oh, ni = i / (ow * oh);
                        int inBounds = 0, present = 0;
                        for (int ky = 0; ky < kh; ky++)
                        {
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int iy = oy * sh - ph + ky * dh, ix = ox * sw - pw + kx * dw;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                {
                                    inBounds++;
                                    present += mask[(ni * h + iy) * w + ix] > 0f ? 1 : 0;
                                }
                            }
                        }

                        float phi = inBounds > 0 ? (float)present / inBounds : 0f;
                        propagated[any][i] = (any != 0 ? present > 0 : phi > threshold) ? 1f : 0f;
                    }
                }

                var pool = new PoolParams { C = c, H = h, W = w, OH = oh, OW = ow, KH = kh, KW = kw, SH = sh, SW = sw, PBH = ph, PBW = pw, DH = dh, DW = dw };
                using var xb = _f.Upload(x);
                using var yb = _f.Allocate(pooled.Length);
                _f.Kernels.MaxPool(pooled.Length, xb.View, yb.View, pool);
                Bitwise(pooled, _f.Read(yb, pooled.Length), $"max pool, trial {trial}");

                using var mb = _f.Upload(mask);
                using var db = _f.Allocate(n * oh * ow);
                for (int any = 0; any < 2; any++)
                {
                    var mp = new MaskParams { H = h, W = w, OH = oh, OW = ow, KH = kh, KW = kw, SH = sh, SW = sw, PH = ph, PW = pw, DH = dh, DW = dw, Any = any, Threshold = any != 0 ? 0f : threshold };
                    _f.Kernels.PropagateMask(n * oh * ow, mb.View, db.View, mp);
                    Bitwise(propagated[any], _f.Read(db, n * oh * ow), $"mask, any = {any}, trial {trial}");
                }
            }
        }
    }
}
