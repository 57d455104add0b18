using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ConvAD.Explanation;
using ConvAD.Imaging;
using ConvAD.Onnx;

namespace ConvAD.Verification
{
    /// <summary>What <see cref="InvariantChecker"/> checks with, and against what.</summary>
    public sealed record InvariantCheckOptions
    {
        /// <summary>Masks of the no-leak check (the first 7 are the edge cases: empty, one pixel, stripes, checkerboard).</summary>
        public int Masks { get; init; } = 24;

        /// <summary>Seeds the masks and the noise of x'.</summary>
        public int Seed { get; init; } = 1;

        /// <summary>
        /// Identity and batch tolerance, relative to the logit scale max(1, max |plain|): see <see cref="InvariantChecker.IdentityTolerance"/>
        /// for a model checked against itself, 1e-4 for a runtime checked against another.
        /// </summary>
        public double IdentityRelativeTolerance { get; init; } = 1e-5;

        /// <summary>
        /// The reference model, or null for the model itself. With one, identity compares with the reference's plain output, and
        /// <see cref="InvariantReport.Agreement"/> compares the ConvAD outputs under every mask with the reference's.
        /// </summary>
        public IExplainableModel? Reference { get; init; }

        /// <summary>Agreement with the reference: max |Δ| ≤ this × max(1, max |reference|).</summary>
        public double AgreementRelativeTolerance { get; init; } = 1e-4;

        /// <summary>
        /// A quantized model (QDQ or QOperator): float arithmetic in a different summation order, or ONNX Runtime's integer
        /// kernels, can put a value on the other side of a rounding step of a quantization, which moves it by a whole quantum
        /// downstream. Against a reference, identity and agreement then require the same top class (under every mask) and a
        /// deviation ≤ <see cref="InvariantChecker.QuantizedRelativeTolerance"/> of the logit scale; agreement reports how
        /// many masks agree within <see cref="AgreementRelativeTolerance"/>.
        /// </summary>
        public bool Quantized { get; init; }

        /// <summary>
        /// Runs identity, x and x' as one ConvAD call (for a runtime whose calls are costly, such as the GPU runtime on the CPU
        /// accelerator); by default they are three calls, x and x' with the same batch composition.
        /// </summary>
        public bool OneCall { get; init; }

        /// <summary>Single-image calls of the batch-independence check.</summary>
        public int BatchChecks { get; init; } = 4;
    }

    /// <summary>
    /// Checks ConvAD's invariants on any <see cref="IExplainableModel"/> (the ONNX Runtime engine, the GPU runtime, a generated
    /// model): identity (all-ones mask = the plain output, the model's own or a reference's), no leak (occluded pixels have no
    /// influence at all: bitwise), batch independence, finite outputs when nothing is present, and, with a reference model,
    /// agreement of the ConvAD outputs with it under every mask.
    /// </summary>
    public static class InvariantChecker
    {
        /// <summary>Largest deviation from the reference, relative to the logit scale, a quantized model may show under masks.</summary>
        public const double QuantizedRelativeTolerance = 0.05;

        /// <param name="model">The model checked.</param>
        /// <param name="images">Input tensors in the model's layout (real images when available); count = length / image size.</param>
        /// <param name="options">Masks, seed, tolerances and the reference (defaults: 24 masks, seed 1, the model itself).</param>
        /// <param name="name">The model's name, for the report.</param>
        public static InvariantReport Check(IExplainableModel model, float[] images, InvariantCheckOptions? options = null, string name = "")
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(images);
            options ??= new InvariantCheckOptions();
            ImageTensorShape shape = model.Shape;
            int size = shape.Length;
            int count = images.Length / size;
            if (count == 0 || images.Length % size != 0)
            {
                throw new ArgumentException($"expected a whole number of images of {size} values", nameof(images));
            }

            IExplainableModel? reference = options.Reference;
            if (reference != null && (reference.Shape != shape || reference.ClassCount != model.ClassCount))
            {
                throw new InvalidOperationException(
                    $"the model's shapes ({shape}, {model.ClassCount} classes) differ from the reference's ({reference.Shape}, {reference.ClassCount} classes)");
            }

            int classes = model.ClassCount;
            int maskSize = shape.Height * shape.Width;
            var counted = new CountingModel(model);

            // The masks and x': x' keeps x on present pixels and is noise elsewhere.
            IReadOnlyList<MaskPattern> masks = MaskPatterns.Generate(shape.Height, shape.Width, options.Masks, options.Seed);
            var rng = new Random(options.Seed + 1);
            (float lo, float hi) = (images.Min(), images.Max());
            int m = masks.Count;
            var maskBatch = new float[m * maskSize];
            var x = new float[m * size];
            var xPrime = new float[m * size];
            for (int k = 0; k < m; k++)
            {
                masks[k].Values.CopyTo(maskBatch, k * maskSize);
                Array.Copy(images, (k % count) * size, x, k * size, size);
                Array.Copy(images, (k % count) * size, xPrime, k * size, size);
                Scramble(shape, xPrime.AsSpan(k * size, size), masks[k].Values, rng, lo, hi);
            }

            // The plain output identity is measured against, and the reference's ConvAD outputs for agreement.
            float[] plain = Plain(reference ?? counted, images, count, classes);
            float[]? referenceMasked = reference == null ? null : Masked(reference, x, maskBatch, m, classes);

            // The model's ConvAD outputs: identity (all-ones masks), y = ConvAD(x, M), y' = ConvAD(x', M).
            var ones = new float[count * maskSize];
            Array.Fill(ones, 1f);
            float[] identity, y, yPrime;
            if (options.OneCall)
            {
                int total = count + 2 * m;
                float[] all = Masked(counted, Concat(images, x, xPrime), Concat(ones, maskBatch, maskBatch), total, classes);
                identity = all.AsSpan(0, count * classes).ToArray();
                y = all.AsSpan(count * classes, m * classes).ToArray();
                yPrime = all.AsSpan((count + m) * classes, m * classes).ToArray();
            }
            else
            {
                identity = Masked(counted, images, ones, count, classes);
                y = Masked(counted, x, maskBatch, m, classes);
                yPrime = Masked(counted, xPrime, maskBatch, m, classes);
            }

            // Batch independence: the first few masked images alone against the same images inside the batch.
            double batchDiff = 0;
            for (int k = 0; k < Math.Min(m, options.BatchChecks); k++)
            {
                float[] alone = Masked(counted, x.AsSpan(k * size, size).ToArray(), maskBatch.AsSpan(k * maskSize, maskSize).ToArray(), 1, classes);
                batchDiff = Math.Max(batchDiff, MaxAbsDiff(alone, y.AsSpan(k * classes, classes)));
            }

            // Identity.
            double identityScale = Scale(plain);
            double identityDiff = MaxAbsDiff(plain, identity);
            double identityTolerance = options.IdentityRelativeTolerance * identityScale;
            // Against another runtime, a quantized model's plain output may differ by whole quanta as its masked outputs may
            // (ONNX Runtime's int8 kernels round their integer sums otherwise than float arithmetic): the quantized rule.
            double identityRelative = options.Quantized && options.Reference != null ? QuantizedRelativeTolerance : options.IdentityRelativeTolerance;
            double identityPassTolerance = identityRelative * identityScale;
            bool argmaxSame = Enumerable.Range(0, count).All(i => ArgMax(plain.AsSpan(i * classes, classes)) == ArgMax(identity.AsSpan(i * classes, classes)));

            // No leak (exact) and, with a reference, agreement with it, mask by mask.
            double leak = 0, agreement = 0;
            string? worstLeak = null, worstAgreement = null;
            int informative = 0, within = 0;
            bool topSame = true;
            double agreementScale = referenceMasked == null ? 1 : Scale(referenceMasked);
            for (int k = 0; k < m; k++)
            {
                ReadOnlySpan<float> yk = y.AsSpan(k * classes, classes);
                double d = MaxAbsDiff(yk, yPrime.AsSpan(k * classes, classes));
                if (d > leak)
                {
                    (leak, worstLeak) = (d, masks[k].Name);
                }

                // A mask whose output equals the empty mask's (the first) tests little: nothing it kept reached the head.
                if (k > 0 && !yk.SequenceEqual(y.AsSpan(0, classes)))
                {
                    informative++;
                }

                if (referenceMasked != null)
                {
                    ReadOnlySpan<float> rk = referenceMasked.AsSpan(k * classes, classes);
                    double a = MaxAbsDiff(yk, rk);
                    within += a <= options.AgreementRelativeTolerance * agreementScale ? 1 : 0;
                    topSame &= ArgMax(yk) == ArgMax(rk);
                    if (a > agreement)
                    {
                        (agreement, worstAgreement) = (a, masks[k].Name);
                    }
                }
            }

            AgreementReport? agreementReport = null;
            if (referenceMasked != null)
            {
                double tolerance = options.AgreementRelativeTolerance * agreementScale;
                agreementReport = new AgreementReport
                {
                    Masks = m,
                    MaxAbsDiff = agreement,
                    RelativeDiff = agreement / agreementScale,
                    Tolerance = tolerance,
                    RelativeTolerance = options.AgreementRelativeTolerance,
                    WorstMask = worstAgreement,
                    MasksWithinTolerance = within,
                    Rule = options.Quantized
                        ? $"quantized model: same top class under every mask, max |Δ| ≤ {QuantizedRelativeTolerance:g2} relative"
                        : $"max |Δ| ≤ {options.AgreementRelativeTolerance:g2} relative",
                    Pass = options.Quantized ? topSame && agreement <= QuantizedRelativeTolerance * agreementScale : agreement <= tolerance,
                };
            }

            return new InvariantReport
            {
                Model = name,
                Supported = true,
                Images = count,
                IdentityMaxAbsDiff = identityDiff,
                IdentityRelativeDiff = identityDiff / identityScale,
                IdentityTolerance = identityPassTolerance,
                IdentityRelativeTolerance = identityRelative,
                IdentityArgmaxSame = argmaxSame,
                IdentityPass = identityDiff <= identityPassTolerance && argmaxSame,
                NoLeakMasks = m,
                NoLeakMaxAbsDiff = leak,
                NoLeakWorstMask = worstLeak,
                NoLeakInformativeMasks = informative,
                NoLeakPass = leak == 0,
                BatchMaxAbsDiff = batchDiff,
                BatchPass = batchDiff <= identityTolerance,
                AllFinite = identity.Concat(y).Concat(yPrime).All(float.IsFinite),
                Agreement = agreementReport,
                Calls = counted.Calls,
                ImagesRun = counted.Images,
                Seconds = counted.Watch.Elapsed.TotalSeconds,
            };
        }

        /// <summary>
        /// The identity tolerance of a model checked against itself: 1e-5 relative for fp32 models. An fp16 model computes in
        /// fp16: a multiply by an exact 1 may still let ONNX Runtime pick other fused kernels, so allow fp16 rounding (2^-10).
        /// </summary>
        public static double IdentityTolerance(TensorElementType inputType) => inputType == TensorElementType.Float16 ? 1.0 / 1024 : 1e-5;

        /// <summary>Replaces every occluded pixel (all channels) with noise in [lo, hi]: the x' of the no-leak check.</summary>
        public static void Scramble(ImageTensorShape shape, Span<float> image, float[] mask, Random rng, float lo, float hi)
        {
            int h = shape.Height, w = shape.Width, c = shape.Channels;
            bool nhwc = shape.Layout == ImageTensorLayout.Nhwc;
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

        /// <summary>The largest |a[i] − b[i]| over <paramref name="a"/>'s length (in double); infinity when a difference is NaN.</summary>
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

        /// <summary>The logit scale a relative figure is taken against: max(1, max |finite reference value|).</summary>
        private static double Scale(float[] reference)
        {
            double scale = 1;
            foreach (float v in reference)
            {
                if (float.IsFinite(v))
                {
                    scale = Math.Max(scale, Math.Abs((double)v));
                }
            }

            return scale;
        }

        private static float[] Plain(IExplainableModel model, float[] images, int count, int classes)
        {
            var scores = new float[count * classes];
            model.RunPlain(images, count, scores);
            return scores;
        }

        private static float[] Masked(IExplainableModel model, float[] images, float[] masks, int count, int classes)
        {
            var scores = new float[count * classes];
            model.RunMasked(images, masks, count, scores);
            return scores;
        }

        private static float[] Concat(float[] a, float[] b, float[] c)
        {
            var all = new float[a.Length + b.Length + c.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            c.CopyTo(all, a.Length + b.Length);
            return all;
        }

        /// <summary>Counts the calls and images the checked model runs, and the time they take.</summary>
        private sealed class CountingModel : IExplainableModel
        {
            private readonly IExplainableModel _inner;

            public CountingModel(IExplainableModel inner) => _inner = inner;

            public Stopwatch Watch { get; } = new Stopwatch();

            public int Calls { get; private set; }

            public int Images { get; private set; }

            public ImageTensorShape Shape => _inner.Shape;

            public int ClassCount => _inner.ClassCount;

            public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores)
            {
                Count(count);
                Watch.Start();
                _inner.RunPlain(images, count, scores);
                Watch.Stop();
            }

            public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores)
            {
                Count(count);
                Watch.Start();
                _inner.RunMasked(images, masks, count, scores);
                Watch.Stop();
            }

            private void Count(int images)
            {
                Calls++;
                Images += images;
            }
        }
    }
}
