#if NET
// Both engines (ONNX Runtime and the GPU runtime) run this before every call; the netstandard2.0 build, which the source
// generator compiles, has no use for it and no Vector<T>.
using System;
using System.Numerics;

namespace ConvAD.Engine
{
    /// <summary>
    /// The host-side work of every ConvAD call, on either engine: checking that the masks are binary and (ONNX Runtime's engine)
    /// copying the images with their occluded pixels set to 0. Both read every pixel of every mask in the batch (16 × 224 × 224
    /// values for a batch of 16), so they are
    /// vectorised: done one value at a time with a branch each, they took about 5% of SqueezeNet's ConvAD call (measured as the
    /// gap between the call's wall time and ONNX Runtime's own run time). Results are bitwise those of the scalar rule.
    /// </summary>
    internal static class MaskedBatch
    {
        /// <summary>Whether every value is exactly 0 or 1 (−0 counts as 0; NaN is neither).</summary>
        public static bool AllBinary(ReadOnlySpan<float> masks)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var allSet = new Vector<int>(-1);
                for (; i <= masks.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var v = new Vector<float>(masks.Slice(i));
                    if (!Vector.EqualsAll(Vector.Equals(v, Vector<float>.Zero) | Vector.Equals(v, Vector<float>.One), allSet))
                    {
                        return false;
                    }
                }
            }

            for (; i < masks.Length; i++)
            {
                if (masks[i] != 0f && masks[i] != 1f)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Copies <paramref name="count"/> images into <paramref name="target"/>, every channel of an occluded pixel (mask 0) set
        /// to exactly 0 — not multiplied, so a NaN or infinity there does not survive. NCHW images go one channel plane at a
        /// time against the mask; NHWC pixel by pixel.
        /// </summary>
        public static void CopyZeroingOccluded(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, Span<float> target, int count, int channels, bool nchw)
        {
            int plane = masks.Length / Math.Max(count, 1);
            int imageSize = plane * channels;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> mask = masks.Slice(i * plane, plane);
                ReadOnlySpan<float> image = images.Slice(i * imageSize, imageSize);
                Span<float> copy = target.Slice(i * imageSize, imageSize);
                if (!nchw)
                {
                    image.CopyTo(copy);
                    for (int p = 0; p < plane; p++)
                    {
                        if (mask[p] == 0f)
                        {
                            copy.Slice(p * channels, channels).Clear();
                        }
                    }

                    continue;
                }

                for (int ch = 0; ch < channels; ch++)
                {
                    CopyPlane(image.Slice(ch * plane, plane), mask, copy.Slice(ch * plane, plane));
                }
            }
        }

        private static void CopyPlane(ReadOnlySpan<float> source, ReadOnlySpan<float> mask, Span<float> target)
        {
            int p = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; p <= source.Length - Vector<float>.Count; p += Vector<float>.Count)
                {
                    Vector<int> occluded = Vector.Equals(new Vector<float>(mask.Slice(p)), Vector<float>.Zero);
                    Vector.ConditionalSelect(occluded, Vector<float>.Zero, new Vector<float>(source.Slice(p))).CopyTo(target.Slice(p));
                }
            }

            for (; p < source.Length; p++)
            {
                target[p] = mask[p] == 0f ? 0f : source[p];
            }
        }
    }
}
#endif
