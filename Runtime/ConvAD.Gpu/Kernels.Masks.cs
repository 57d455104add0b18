using System;
using ILGPU;

namespace ConvAD.Gpu
{
    internal struct MaskParams
    {
        public int H, W, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW, Any;
        public float Threshold;
    }

    /// <summary>
    /// Where the batch, height and width axes of a dense tensor are: the stride (elements between
    /// neighbours along the axis) and extent of each. NCHW [N,C,H,W]: strides C·H·W, W, 1; NHWC [N,H,W,C]:
    /// H·W·C, W·C, C; a channel shuffle's [N,G,C/G,H,W]: C·H·W, W, 1.
    /// </summary>
    internal struct AxesParams
    {
        public int BatchStride, Batch, HeightStride, Height, WidthStride, Width;

        /// <summary>The axes of a dense tensor of <paramref name="shape"/>, given their positions in it.</summary>
        public static AxesParams Of(long[] shape, int batchAxis, int heightAxis, int widthAxis)
        {
            return new AxesParams
            {
                BatchStride = Stride(shape, batchAxis), Batch = checked((int)shape[batchAxis]),
                HeightStride = Stride(shape, heightAxis), Height = checked((int)shape[heightAxis]),
                WidthStride = Stride(shape, widthAxis), Width = checked((int)shape[widthAxis]),
            };
        }

        private static int Stride(long[] shape, int axis)
        {
            if (axis < 0 || axis >= shape.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(axis), axis, $"not an axis of a rank-{shape.Length} tensor");
            }

            long s = 1;
            for (int d = axis + 1; d < shape.Length; d++)
            {
                s *= shape[d];
            }

            return checked((int)s);
        }
    }

    internal static partial class Kernels
    {
        /// <summary>m_out = [Φ ≥ τ] with Φ = present / in-bounds positions of the window (τ = any: Φ &gt; 0).</summary>
        public static void PropagateMask(Index1D t, Chunk chunk, ArrayView<float> src, ArrayView<float> dst, MaskParams p)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int ow = i % p.OW;
                int r = i / p.OW;
                int oh = r % p.OH;
                int n = r / p.OH;
                int ih0 = oh * p.SH - p.PH;
                int iw0 = ow * p.SW - p.PW;
                int kh1 = EndTap(ih0, p.DH, p.H, p.KH);
                int kw0 = FirstTap(iw0, p.DW), kw1 = EndTap(iw0, p.DW, p.W, p.KW);
                int inBounds = 0, present = 0;
                for (int kh = FirstTap(ih0, p.DH); kh < kh1; kh++)
                {
                    int row = (n * p.H + ih0 + kh * p.DH) * p.W + iw0;
                    for (int kw = kw0; kw < kw1; kw++)
                    {
                        inBounds++;
                        if (src[row + kw * p.DW] > 0f)
                        {
                            present++;
                        }
                    }
                }

                if (inBounds == 0)
                {
                    // A window over padding only (pads not smaller than the kernel): its taps read the nearest in-bounds
                    // positions, the rule of an explicit constant Pad (as the engine: the mask padded in mode edge). Min/Max, not
                    // Math.Clamp, which ILGPU cannot compile (it throws on bounds out of order).
                    for (int kh = 0; kh < p.KH; kh++)
                    {
                        int row = n * p.H + Math.Min(Math.Max(ih0 + kh * p.DH, 0), p.H - 1);
                        for (int kw = 0; kw < p.KW; kw++)
                        {
                            inBounds++;
                            if (src[row * p.W + Math.Min(Math.Max(iw0 + kw * p.DW, 0), p.W - 1)] > 0f)
                            {
                                present++;
                            }
                        }
                    }
                }

                float phi = (float)present / inBounds;
                dst[i] = (p.Any != 0 ? present > 0 : phi > p.Threshold) ? 1f : 0f;
            }
        }

        /// <summary>
        /// Deactivation at a checkpoint of an N×C×H×W tensor: positions whose N×1×H×W mask is 0 take the
        /// neutral value, in every channel. A select, so a NaN or ∞ at an occluded position cannot leak.
        /// </summary>
        public static void Deactivate(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, int chw, int hw, float neutral)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                y[i] = mask[i / chw * hw + i % hw] > 0f ? x[i] : neutral;
            }
        }

        /// <summary>
        /// The same for a tensor of any layout and rank: the mask (N×1×H×W, or N×H×W) is read at the
        /// element's batch, height and width coordinates, found from the axes' strides.
        /// </summary>
        public static void DeactivateAxes(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, AxesParams a, float neutral)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int n = i / a.BatchStride % a.Batch;
                int h = i / a.HeightStride % a.Height;
                int w = i / a.WidthStride % a.Width;
                y[i] = mask[(n * a.Height + h) * a.Width + w] > 0f ? x[i] : neutral;
            }
        }
    }
}
