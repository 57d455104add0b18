using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;

namespace ConvAD.Verification
{
    /// <summary>
    /// Checks ConvAD's invariants on a model: identity (all-ones mask = original model), no leak
    /// (occluded pixels have no influence at all: bitwise on CPU), batch independence, and defined
    /// outputs when nothing is present.
    /// </summary>
    public static class InvariantChecker
    {
        /// <param name="images">Input tensors in the model's layout (real images when available); count = length / image size.</param>
        public static InvariantReport Check(ConvAdModel model, float[] images, int maskCount, int seed)
        {
            int size = model.ImageSize;
            int count = images.Length / size;
            if (count == 0 || images.Length % size != 0)
            {
                throw new ArgumentException($"expected a whole number of images of {size} values", nameof(images));
            }

            int classes = model.ClassCount;
            float[] plain = model.RunPlain(images, count);

            // Identity: an all-ones mask must reproduce the original model.
            float[] ones = Enumerable.Repeat(1f, count * model.MaskSize).ToArray();
            float[] identity = model.Run(images, ones, count);
            double identityDiff = MaxAbsDiff(plain, identity);
            double scale = Math.Max(1.0, plain.Max(v => Math.Abs((double)v)));
            double tolerance = IdentityTolerance(model) * scale;
            bool argmaxSame = Enumerable.Range(0, count).All(i => ArgMax(plain.AsSpan(i * classes, classes)) == ArgMax(identity.AsSpan(i * classes, classes)));

            // No leak: x' keeps x on present pixels and is noise elsewhere; outputs must be identical.
            var masks = MaskPatterns.Generate(model.Input.Height, model.Input.Width, maskCount, seed);
            var rng = new Random(seed + 1);
            (float lo, float hi) = (images.Min(), images.Max());
            var maskBatch = new float[masks.Count * model.MaskSize];
            var x = new float[masks.Count * size];
            var xPrime = new float[masks.Count * size];
            for (int k = 0; k < masks.Count; k++)
            {
                masks[k].Values.CopyTo(maskBatch, k * model.MaskSize);
                int source = k % count;
                Array.Copy(images, source * size, x, k * size, size);
                Array.Copy(images, source * size, xPrime, k * size, size);
                Scramble(model, xPrime.AsSpan(k * size, size), masks[k].Values, rng, lo, hi);
            }

            float[] y = model.Run(x, maskBatch, masks.Count);
            float[] yPrime = model.Run(xPrime, maskBatch, masks.Count);
            double leak = 0;
            string? worst = null;
            for (int k = 0; k < masks.Count; k++)
            {
                double d = MaxAbsDiff(y.AsSpan(k * classes, classes), yPrime.AsSpan(k * classes, classes));
                if (d > leak)
                {
                    leak = d;
                    worst = masks[k].Name;
                }
            }

            // A mask whose output equals the empty mask's tests little: nothing it kept reached the head.
            int informative = 0;
            for (int k = 1; k < masks.Count; k++)
            {
                if (!y.AsSpan(k * classes, classes).SequenceEqual(y.AsSpan(0, classes)))
                {
                    informative++;
                }
            }

            // Batch independence: each image alone equals the same image inside the mixed batch.
            double batchDiff = 0;
            for (int k = 0; k < Math.Min(masks.Count, 4); k++)
            {
                float[] alone = model.Run(x.AsSpan(k * size, size), maskBatch.AsSpan(k * model.MaskSize, model.MaskSize), 1);
                batchDiff = Math.Max(batchDiff, MaxAbsDiff(alone, y.AsSpan(k * classes, classes)));
            }

            bool finite = y.Concat(yPrime).Concat(identity).All(float.IsFinite);
            return new InvariantReport
            {
                Model = model.Name,
                Supported = true,
                Images = count,
                IdentityMaxAbsDiff = identityDiff,
                IdentityTolerance = tolerance,
                IdentityArgmaxSame = argmaxSame,
                IdentityPass = identityDiff <= tolerance && argmaxSame,
                NoLeakMasks = masks.Count,
                NoLeakMaxAbsDiff = leak,
                NoLeakWorstMask = worst,
                NoLeakInformativeMasks = informative,
                NoLeakPass = leak == 0,
                BatchMaxAbsDiff = batchDiff,
                BatchPass = batchDiff <= tolerance,
                AllFinite = finite,
            };
        }

        /// <summary>
        /// 1e-5 relative for fp32 models. An fp16 model computes in fp16: a multiply by an exact 1 may
        /// still let ONNX Runtime pick other fused kernels, so allow fp16 rounding (2^-10 relative).
        /// </summary>
        public static double IdentityTolerance(ConvAdModel model) => model.Input.ElementType == TensorElementType.Float16 ? 1.0 / 1024 : 1e-5;

        /// <summary>Replaces every occluded pixel (all channels) with noise in [lo, hi]: the x' of the no-leak check.</summary>
        public static void Scramble(ConvAdModel model, Span<float> image, float[] mask, Random rng, float lo, float hi)
        {
            int h = model.Input.Height, w = model.Input.Width, c = model.Input.Channels;
            bool nhwc = !model.Input.Layout.IsNchw;
            for (int ch = 0; ch < c; ch++)
            {
                for (int p = 0; p < h * w; p++)
                {
                    if (mask[p] == 0f)
                    {
                        int index = nhwc ? p * c + ch : ch * h * w + p;
                        image[index] = lo + (float)rng.NextDouble() * (hi - lo);
                    }
                }
            }
        }

        /// <summary>The index of the highest score (the first one on a tie).</summary>
        public static int ArgMax(ReadOnlySpan<float> scores)
        {
            int best = 0;
            for (int j = 1; j < scores.Length; j++)
            {
                if (scores[j] > scores[best])
                {
                    best = j;
                }
            }

            return best;
        }

        public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            double m = 0;
            for (int i = 0; i < a.Length; i++)
            {
                double d = Math.Abs((double)a[i] - b[i]);
                if (double.IsNaN(d))
                {
                    return double.PositiveInfinity;
                }

                m = Math.Max(m, d);
            }

            return m;
        }
    }
}
