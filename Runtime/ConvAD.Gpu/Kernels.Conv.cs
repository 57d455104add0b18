using System;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>
    /// Convolution: N×C×H×W input, M×(C/G)×KH×KW weights, optional bias of M. Fused around it: a checkpoint on the
    /// input (Masked: positions where the N×1×H×W mask is 0 read as 0) and an activation on the output (a Unary op
    /// code with its Low/High arguments; 0 = none).
    /// </summary>
    internal struct ConvParams
    {
        public int C, H, W, M, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW, Groups, HasBias, Masked, Activation;
        public float Low, High;
    }

    internal static partial class Kernels
    {
        /// <summary>
        /// Direct convolution with groups, strides, padding, dilation and bias, one output per thread.
        /// The loops run over the taps that fall inside the input only (their bounds are computed once per
        /// output instead of testing every tap), in the order channel, row, column: the same additions
        /// in the same order as a loop over all taps that skips the padding ones.
        /// </summary>
        /// <remarks>
        /// The fused checkpoint is a select, like <see cref="Deactivate"/>: the same values reach the sum as from a
        /// deactivated copy, so the result is bitwise that of checkpoint → convolution → activation as three launches.
        /// </remarks>
        public static void Conv(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> w, ArrayView<float> b, ArrayView<float> y, ConvParams p)
        {
            int cpg = p.C / p.Groups;
            int mpg = p.M / p.Groups;
            int kernelSize = p.KH * p.KW;
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int ow = i % p.OW;
                int r = i / p.OW;
                int oh = r % p.OH;
                r /= p.OH;
                int m = r % p.M;
                int n = r / p.M;
                int ih0 = oh * p.SH - p.PH;
                int iw0 = ow * p.SW - p.PW;
                int kh0 = FirstTap(ih0, p.DH), kh1 = EndTap(ih0, p.DH, p.H, p.KH);
                int kw0 = FirstTap(iw0, p.DW), kw1 = EndTap(iw0, p.DW, p.W, p.KW);
                int ci0 = m / mpg * cpg;
                int xPlane = (n * p.C + ci0) * p.H * p.W;
                int wPlane = m * cpg * kernelSize;
                int maskPlane = n * p.H * p.W + iw0;
                float sum = 0f;
                for (int c = 0; c < cpg; c++)
                {
                    for (int kh = kh0; kh < kh1; kh++)
                    {
                        int xRow = xPlane + (ih0 + kh * p.DH) * p.W + iw0;
                        int wRow = wPlane + kh * p.KW;
                        if (p.Masked != 0)
                        {
                            int maskRow = maskPlane + (ih0 + kh * p.DH) * p.W;
                            for (int kw = kw0; kw < kw1; kw++)
                            {
                                float v = mask[maskRow + kw * p.DW] > 0f ? x[xRow + kw * p.DW] : 0f;
                                sum += v * w[wRow + kw];
                            }
                        }
                        else
                        {
                            for (int kw = kw0; kw < kw1; kw++)
                            {
                                sum += x[xRow + kw * p.DW] * w[wRow + kw];
                            }
                        }
                    }

                    xPlane += p.H * p.W;
                    wPlane += kernelSize;
                }

                if (p.HasBias != 0)
                {
                    sum += b[m];
                }

                y[i] = p.Activation != 0 ? UnaryOp(sum, p.Activation, p.Low, p.High) : sum;
            }
        }

        /// <summary>The first tap k with <c>start + k·dilation ≥ 0</c>.</summary>
        private static int FirstTap(int start, int dilation) => start >= 0 ? 0 : (-start + dilation - 1) / dilation;

        /// <summary>One past the last tap k &lt; <paramref name="kernel"/> with <c>start + k·dilation &lt; extent</c>.</summary>
        private static int EndTap(int start, int dilation, int extent, int kernel)
        {
            int room = extent - start;
            return room <= 0 ? 0 : Math.Min(kernel, (room + dilation - 1) / dilation);
        }
    }
}
