using System;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>A pooling window (also the window of a propagated mask).</summary>
    internal struct PoolParams
    {
        public int C, H, W, OH, OW, KH, KW, SH, SW, PBH, PBW, PEH, PEW, DH, DW, CountIncludePad, Masked;
    }

    internal static partial class Kernels
    {
        /// <summary>Max pooling of N×C×H×W over in-bounds positions (padding is never a candidate).</summary>
        public static void MaxPool(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> y, PoolParams p)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int ow = i % p.OW;
                int r = i / p.OW;
                int oh = r % p.OH;
                int nc = r / p.OH;
                int ih0 = oh * p.SH - p.PBH;
                int iw0 = ow * p.SW - p.PBW;
                int kh1 = EndTap(ih0, p.DH, p.H, p.KH);
                int kw0 = FirstTap(iw0, p.DW), kw1 = EndTap(iw0, p.DW, p.W, p.KW);
                float best = float.MinValue;
                for (int kh = FirstTap(ih0, p.DH); kh < kh1; kh++)
                {
                    int row = (nc * p.H + ih0 + kh * p.DH) * p.W + iw0;
                    for (int kw = kw0; kw < kw1; kw++)
                    {
                        float v = x[row + kw * p.DW];
                        if (v > best)
                        {
                            best = v;
                        }
                    }
                }

                y[i] = best;
            }
        }

        /// <summary>
        /// Average pooling of N×C×H×W. Masked: the sum runs over present positions only and the divisor
        /// counts present positions (plus the padding positions when count_include_pad is set), which is
        /// what the engine's correction avg(x·m) / (1 − (avg(1) − avg(m))) computes; 0 when nothing is present.
        /// </summary>
        public static void AveragePool(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, PoolParams p)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int ow = i % p.OW;
                int r = i / p.OW;
                int oh = r % p.OH;
                int nc = r / p.OH;
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
        }

        /// <summary>
        /// Global average (flags bit 2 clear) or max (bit 2 set) per channel of N×C×H×W, y = N×C; masked
        /// (bit 1): over present positions only, 0 when none.
        /// </summary>
        public static void GlobalPool(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, int c, int hw, int flags)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                y[i] = GlobalPoolAt(x, mask, i / c, i * hw, 1, hw, flags);
            }
        }

        /// <summary>
        /// The same over the H and W axes of an N×H×W×C tensor (channels last), y = N×C: the values of
        /// one channel are <paramref name="c"/> apart.
        /// </summary>
        public static void GlobalPoolNhwc(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, int c, int hw, int flags)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int n = i / c;
                y[i] = GlobalPoolAt(x, mask, n, n * hw * c + i % c, c, hw, flags);
            }
        }

        /// <summary>Average or max of x[first + k·step], k &lt; hw, over the positions whose mask (of image n) is set when masked.</summary>
        private static float GlobalPoolAt(ArrayView<float> x, ArrayView<float> mask, int n, int first, int step, int hw, int flags)
        {
            bool masked = (flags & 1) != 0;
            bool max = (flags & 2) != 0;
            float acc = max ? float.MinValue : 0f;
            int present = 0;
            for (int k = 0; k < hw; k++)
            {
                if (masked && mask[n * hw + k] <= 0f)
                {
                    continue;
                }

                float v = x[first + k * step];
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

            return present == 0 ? 0f : max ? acc : acc / present;
        }
    }
}
