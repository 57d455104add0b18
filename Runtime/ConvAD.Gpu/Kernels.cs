using System;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>Convolution: N×C×H×W input, M×(C/G)×KH×KW weights, optional bias of M.</summary>
    internal struct ConvParams
    {
        public int C, H, W, M, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW, Groups, HasBias;
    }

    /// <summary>A pooling window (also the window of a propagated mask).</summary>
    internal struct PoolParams
    {
        public int C, H, W, OH, OW, KH, KW, SH, SW, PBH, PBW, PEH, PEW, DH, DW, CountIncludePad, Masked;
    }

    internal struct MaskParams
    {
        public int H, W, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW, Any;
        public float Threshold;
    }

    internal struct GemmParams
    {
        public int M, N, K, TransA, TransB, HasC, CRowStride, CColStride;
        public float Alpha, Beta;
    }

    /// <summary>
    /// The ILGPU kernels of the runtime. Each output element is computed by one thread with a fixed
    /// loop order, so results are deterministic (the no-leak invariant is checked bitwise).
    /// </summary>
    internal static class Kernels
    {
        public const int OpAdd = 0, OpSub = 1, OpMul = 2, OpDiv = 3, OpMax = 4;
        public const int UnaryIdentity = 0, UnaryRelu = 1, UnaryClip = 2, UnarySigmoid = 3;

        /// <summary>Direct convolution with groups, strides, padding, dilation and bias.</summary>
        public static void Conv(Index1D i, ArrayView<float> x, ArrayView<float> w, ArrayView<float> b, ArrayView<float> y, ConvParams p)
        {
            int ow = i % p.OW;
            int t = i / p.OW;
            int oh = t % p.OH;
            t /= p.OH;
            int m = t % p.M;
            int n = t / p.M;
            int cpg = p.C / p.Groups;
            int g = m / (p.M / p.Groups);
            float sum = 0f;
            for (int c = 0; c < cpg; c++)
            {
                int ci = g * cpg + c;
                for (int kh = 0; kh < p.KH; kh++)
                {
                    int ih = oh * p.SH - p.PH + kh * p.DH;
                    if (ih < 0 || ih >= p.H)
                    {
                        continue;
                    }

                    int xRow = ((n * p.C + ci) * p.H + ih) * p.W;
                    int wRow = ((m * cpg + c) * p.KH + kh) * p.KW;
                    for (int kw = 0; kw < p.KW; kw++)
                    {
                        int iw = ow * p.SW - p.PW + kw * p.DW;
                        if (iw >= 0 && iw < p.W)
                        {
                            sum += x[xRow + iw] * w[wRow + kw];
                        }
                    }
                }
            }

            if (p.HasBias != 0)
            {
                sum += b[m];
            }

            y[i] = sum;
        }

        /// <summary>Max pooling over in-bounds positions (padding is never a candidate).</summary>
        public static void MaxPool(Index1D i, ArrayView<float> x, ArrayView<float> y, PoolParams p)
        {
            int ow = i % p.OW;
            int t = i / p.OW;
            int oh = t % p.OH;
            int nc = t / p.OH;
            float best = float.MinValue;
            for (int kh = 0; kh < p.KH; kh++)
            {
                int ih = oh * p.SH - p.PBH + kh * p.DH;
                if (ih < 0 || ih >= p.H)
                {
                    continue;
                }

                for (int kw = 0; kw < p.KW; kw++)
                {
                    int iw = ow * p.SW - p.PBW + kw * p.DW;
                    if (iw >= 0 && iw < p.W)
                    {
                        float v = x[(nc * p.H + ih) * p.W + iw];
                        if (v > best)
                        {
                            best = v;
                        }
                    }
                }
            }

            y[i] = best;
        }

        /// <summary>
        /// Average pooling. Masked: the sum runs over present positions only and the divisor counts present
        /// positions (plus the padding positions when count_include_pad is set), which is what the engine's
        /// correction avg(x·m) / (1 − (avg(1) − avg(m))) computes; 0 when nothing is present.
        /// </summary>
        public static void AveragePool(Index1D i, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, PoolParams p)
        {
            int ow = i % p.OW;
            int t = i / p.OW;
            int oh = t % p.OH;
            int nc = t / p.OH;
            int n = nc / p.C;
            float sum = 0f;
            int inBounds = 0, present = 0, window = 0;
            for (int kh = 0; kh < p.KH; kh++)
            {
                int ih = oh * p.SH - p.PBH + kh * p.DH;
                if (ih >= p.H + p.PEH)
                {
                    continue;
                }

                for (int kw = 0; kw < p.KW; kw++)
                {
                    int iw = ow * p.SW - p.PBW + kw * p.DW;
                    if (iw >= p.W + p.PEW)
                    {
                        continue;
                    }

                    window++;
                    if (ih < 0 || ih >= p.H || iw < 0 || iw >= p.W)
                    {
                        continue;
                    }

                    inBounds++;
                    if (p.Masked == 0 || mask[(n * p.H + ih) * p.W + iw] > 0f)
                    {
                        present++;
                        sum += x[(nc * p.H + ih) * p.W + iw];
                    }
                }
            }

            int divisor = p.CountIncludePad != 0 ? window - inBounds + present : present;
            y[i] = divisor > 0 ? sum / divisor : 0f;
        }

        /// <summary>Global average (or max) per channel; masked: over present positions only, 0 when none.</summary>
        public static void GlobalPool(Index1D i, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, int c, int hw, int flags)
        {
            bool masked = (flags & 1) != 0;
            bool max = (flags & 2) != 0;
            int n = i / c;
            int baseX = i * hw;
            float acc = max ? float.MinValue : 0f;
            int present = 0;
            for (int k = 0; k < hw; k++)
            {
                if (masked && mask[n * hw + k] <= 0f)
                {
                    continue;
                }

                float v = x[baseX + k];
                present++;
                if (max)
                {
                    acc = v > acc ? v : acc;
                }
                else
                {
                    acc += v;
                }
            }

            y[i] = present == 0 ? 0f : max ? acc : acc / present;
        }

        /// <summary>Deactivation at a checkpoint: positions whose mask is 0 take the neutral value (every channel).</summary>
        public static void Deactivate(Index1D i, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, int chw, int hw, float neutral)
        {
            int n = i / chw;
            int pos = i % hw;
            y[i] = mask[n * hw + pos] > 0f ? x[i] : neutral;
        }

        /// <summary>m_out = [Φ ≥ τ] with Φ = present / in-bounds positions of the window (τ = any: Φ &gt; 0).</summary>
        public static void PropagateMask(Index1D i, ArrayView<float> src, ArrayView<float> dst, MaskParams p)
        {
            int ow = i % p.OW;
            int t = i / p.OW;
            int oh = t % p.OH;
            int n = t / p.OH;
            int inBounds = 0, present = 0;
            for (int kh = 0; kh < p.KH; kh++)
            {
                int ih = oh * p.SH - p.PH + kh * p.DH;
                if (ih < 0 || ih >= p.H)
                {
                    continue;
                }

                for (int kw = 0; kw < p.KW; kw++)
                {
                    int iw = ow * p.SW - p.PW + kw * p.DW;
                    if (iw >= 0 && iw < p.W)
                    {
                        inBounds++;
                        if (src[(n * p.H + ih) * p.W + iw] > 0f)
                        {
                            present++;
                        }
                    }
                }
            }

            float phi = inBounds > 0 ? (float)present / inBounds : 0f;
            dst[i] = (p.Any != 0 ? present > 0 : phi > p.Threshold) ? 1f : 0f;
        }

        /// <summary>
        /// Element-wise binary op with numpy broadcasting. meta = [rank, outDims…, aStrides…, bStrides…]
        /// (a stride of 0 repeats an operand along a broadcast axis).
        /// </summary>
        public static void Binary(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, ArrayView<int> meta, int op)
        {
            int rank = meta[0];
            int rest = i;
            int ia = 0, ib = 0;
            for (int d = rank - 1; d >= 0; d--)
            {
                int extent = meta[1 + d];
                int k = rest % extent;
                rest /= extent;
                ia += k * meta[1 + rank + d];
                ib += k * meta[1 + 2 * rank + d];
            }

            float u = a[ia];
            float v = b[ib];
            float r;
            if (op == OpAdd)
            {
                r = u + v;
            }
            else if (op == OpSub)
            {
                r = u - v;
            }
            else if (op == OpMul)
            {
                r = u * v;
            }
            else if (op == OpDiv)
            {
                r = u / v;
            }
            else
            {
                r = u > v ? u : v;
            }

            y[i] = r;
        }

        public static void Unary(Index1D i, ArrayView<float> x, ArrayView<float> y, int op, float low, float high)
        {
            float v = x[i];
            if (op == UnaryRelu)
            {
                v = v > 0f ? v : 0f;
            }
            else if (op == UnaryClip)
            {
                v = v < low ? low : v > high ? high : v;
            }
            else if (op == UnarySigmoid)
            {
                v = 1f / (1f + MathF.Exp(-v));
            }

            y[i] = v;
        }

        /// <summary>Inference BatchNormalization folded into a per-channel scale and shift.</summary>
        public static void ScaleShift(Index1D i, ArrayView<float> x, ArrayView<float> scale, ArrayView<float> shift, ArrayView<float> y, int c, int hw)
        {
            int ch = (i / hw) % c;
            y[i] = x[i] * scale[ch] + shift[ch];
        }

        /// <summary>Y = α·op(A)·op(B) + β·C, one thread per output element.</summary>
        public static void Gemm(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> y, GemmParams p)
        {
            int row = i / p.N;
            int col = i % p.N;
            float sum = 0f;
            for (int k = 0; k < p.K; k++)
            {
                float u = p.TransA != 0 ? a[k * p.M + row] : a[row * p.K + k];
                float v = p.TransB != 0 ? b[col * p.K + k] : b[k * p.N + col];
                sum += u * v;
            }

            float r = p.Alpha * sum;
            if (p.HasC != 0)
            {
                r += p.Beta * c[row * p.CRowStride + col * p.CColStride];
            }

            y[i] = r;
        }

        /// <summary>Softmax along an axis of extent <paramref name="axis"/>, with <paramref name="inner"/> elements after it.</summary>
        public static void Softmax(Index1D i, ArrayView<float> x, ArrayView<float> y, int axis, int inner)
        {
            int outer = i / inner;
            int k0 = outer * axis * inner + i % inner;
            float max = float.MinValue;
            for (int k = 0; k < axis; k++)
            {
                float v = x[k0 + k * inner];
                max = v > max ? v : max;
            }

            float sum = 0f;
            for (int k = 0; k < axis; k++)
            {
                sum += MathF.Exp(x[k0 + k * inner] - max);
            }

            for (int k = 0; k < axis; k++)
            {
                y[k0 + k * inner] = MathF.Exp(x[k0 + k * inner] - max) / sum;
            }
        }
    }
}
