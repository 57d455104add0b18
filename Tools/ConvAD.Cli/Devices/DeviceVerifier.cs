using System.Diagnostics;
using ConvAD.Engine;
using ConvAD.Gpu;
using ConvAD.Verification;

namespace ConvAD.Cli.Devices
{
    /// <summary>The invariants of <c>convad verify</c> checked on ConvAD's own runtime, with the ONNX Runtime engine as the reference.</summary>
    public sealed record DeviceInvariantReport
    {
        public int Images { get; init; }

        /// <summary>Largest |device ConvAD(x, all ones) − engine plain(x)|.</summary>
        public double IdentityMaxAbsDiff { get; init; }

        /// <summary><see cref="IdentityMaxAbsDiff"/> / max(1, max |engine plain(x)|).</summary>
        public double IdentityRelativeDiff { get; init; }

        /// <summary>The absolute tolerance: 1e-4 × max(1, max |reference|).</summary>
        public double IdentityTolerance { get; init; }

        public bool IdentityArgmaxSame { get; init; }

        public bool IdentityPass { get; init; }

        public int NoLeakMasks { get; init; }

        public int NoLeakInformativeMasks { get; init; }

        /// <summary>Largest |device ConvAD(x, M) − device ConvAD(x', M)|: must be exactly 0.</summary>
        public double NoLeakMaxAbsDiff { get; init; }

        public string? NoLeakWorstMask { get; init; }

        public bool NoLeakPass { get; init; }

        /// <summary>Largest |device ConvAD(x, M) − engine ConvAD(x, M)| over the masks.</summary>
        public double AgreementMaxAbsDiff { get; init; }

        public double AgreementRelativeDiff { get; init; }

        public double AgreementTolerance { get; init; }

        public string? AgreementWorstMask { get; init; }

        /// <summary>Masks whose device output is within <see cref="AgreementTolerance"/> of the engine's.</summary>
        public int AgreementMasksWithin { get; init; }

        /// <summary>What agreement requires, in words.</summary>
        public string AgreementRule { get; init; } = "";

        /// <summary>The reference, in words.</summary>
        public string Reference { get; init; } = "";

        public bool AgreementPass { get; init; }

        /// <summary>Largest difference between an image's device output in the mixed batch and alone.</summary>
        public double BatchMaxAbsDiff { get; init; }

        public bool BatchPass { get; init; }

        public bool AllFinite { get; init; }

        /// <summary>Calls to the device's Run and the images they carried in all.</summary>
        public int DeviceCalls { get; init; }

        public int DeviceImages { get; init; }

        public double DeviceSeconds { get; init; }

        public bool Pass => IdentityPass && NoLeakPass && AgreementPass && BatchPass && AllFinite;
    }

    /// <summary>
    /// Identity, no leak, agreement with the engine, batch independence and finiteness on a device. Everything the device
    /// computes goes in one Run call (identity images with all-ones masks, then x and x' under every mask), plus up to
    /// four single-image calls for batch independence: the CPU accelerator is slow per call and per image.
    /// </summary>
    public static class DeviceVerifier
    {
        public const int BatchChecks = 4;

        /// <summary>Largest deviation from the engine, relative to the logit scale, a quantized model may show under masks.</summary>
        public const double QuantizedRelativeTolerance = 0.05;

        /// <param name="quantized">
        /// A QDQ model: float arithmetic in a different summation order can put a value on the other side of a
        /// rounding step of a QuantizeLinear, which moves it by a whole quantum downstream. Agreement then requires
        /// the same top class under every mask and a deviation ≤ 5% of the logit scale, and reports how many masks
        /// agree within 1e-4.
        /// </param>
        public static DeviceInvariantReport Check(ConvAdModel engine, GpuConvAdModel device, string deviceLabel, float[] images, int maskCount, int seed, bool quantized = false)
        {
            int size = engine.ImageSize;
            int count = images.Length / size;
            if (count == 0 || images.Length % size != 0)
            {
                throw new ArgumentException($"expected a whole number of images of {size} values", nameof(images));
            }

            if (device.ImageSize != size || device.MaskSize != engine.MaskSize || device.ClassCount != engine.ClassCount)
            {
                throw new InvalidOperationException(
                    $"the device model's shapes ({device.ImageSize} values per image, {device.MaskSize} per mask, {device.ClassCount} classes) " +
                    $"differ from the engine's ({size}, {engine.MaskSize}, {engine.ClassCount})");
            }

            int classes = engine.ClassCount;
            int maskSize = engine.MaskSize;

            // The same masks and the same scrambled x' as the CPU check (InvariantChecker), so the two read alike.
            IReadOnlyList<MaskPattern> masks = MaskPatterns.Generate(engine.Input.Height, engine.Input.Width, maskCount, seed);
            var rng = new Random(seed + 1);
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
                InvariantChecker.Scramble(engine, xPrime.AsSpan(k * size, size), masks[k].Values, rng, lo, hi);
            }

            // The reference: the engine's plain output and its ConvAD output under the same masks.
            float[] plain = engine.RunPlain(images, count);
            float[] engineMasked = engine.Run(x, maskBatch, m);

            // One device call: [images | all ones], [x | masks], [x' | masks].
            int total = count + 2 * m;
            var deviceImages = new float[total * size];
            var deviceMasks = new float[total * maskSize];
            images.CopyTo(deviceImages, 0);
            Array.Fill(deviceMasks, 1f, 0, count * maskSize);
            x.CopyTo(deviceImages, count * size);
            xPrime.CopyTo(deviceImages, (count + m) * size);
            maskBatch.CopyTo(deviceMasks, count * maskSize);
            maskBatch.CopyTo(deviceMasks, (count + m) * maskSize);
            var watch = Stopwatch.StartNew();
            float[] all = Device.OnDevice(() => device.Run(deviceImages, deviceMasks, total), deviceLabel, $"running {total} images");
            ReadOnlySpan<float> identity = all.AsSpan(0, count * classes);
            ReadOnlySpan<float> y = all.AsSpan(count * classes, m * classes);
            ReadOnlySpan<float> yPrime = all.AsSpan((count + m) * classes, m * classes);

            // Batch independence: the first few masked images alone against the same images inside the big batch.
            int singles = Math.Min(m, BatchChecks);
            double batchDiff = 0;
            for (int k = 0; k < singles; k++)
            {
                int index = k;
                float[] alone = Device.OnDevice(
                    () => device.Run(x.AsSpan(index * size, size), maskBatch.AsSpan(index * maskSize, maskSize), 1), deviceLabel, "running one image");
                batchDiff = Math.Max(batchDiff, InvariantChecker.MaxAbsDiff(alone, y.Slice(k * classes, classes)));
            }

            watch.Stop();

            // Identity: all-ones mask on the device = the engine's plain output.
            double identityScale = Scale(plain);
            double identityDiff = InvariantChecker.MaxAbsDiff(plain, identity);
            double identityTolerance = Device.RelativeTolerance * identityScale;
            bool argmaxSame = true;
            for (int i = 0; i < count; i++)
            {
                argmaxSame &= InvariantChecker.ArgMax(plain.AsSpan(i * classes, classes)) == InvariantChecker.ArgMax(identity.Slice(i * classes, classes));
            }

            // No leak (exact) and agreement with the engine, mask by mask.
            double leak = 0, agreement = 0;
            string? worstLeak = null, worstAgreement = null;
            int informative = 0, within = 0;
            bool topSame = true;
            double maskedScale = Scale(engineMasked);
            for (int k = 0; k < m; k++)
            {
                ReadOnlySpan<float> yk = y.Slice(k * classes, classes);
                double d = InvariantChecker.MaxAbsDiff(yk, yPrime.Slice(k * classes, classes));
                if (d > leak)
                {
                    (leak, worstLeak) = (d, masks[k].Name);
                }

                double a = InvariantChecker.MaxAbsDiff(yk, engineMasked.AsSpan(k * classes, classes));
                within += a <= Device.RelativeTolerance * maskedScale ? 1 : 0;
                topSame &= InvariantChecker.ArgMax(yk) == InvariantChecker.ArgMax(engineMasked.AsSpan(k * classes, classes));
                if (a > agreement)
                {
                    (agreement, worstAgreement) = (a, masks[k].Name);
                }

                if (k > 0 && !yk.SequenceEqual(y.Slice(0, classes)))
                {
                    informative++;
                }
            }

            double agreementScale = maskedScale;
            double agreementTolerance = Device.RelativeTolerance * agreementScale;
            bool agreementPass = quantized
                ? topSame && agreement <= QuantizedRelativeTolerance * agreementScale
                : agreement <= agreementTolerance;
            bool finite = true;
            foreach (float v in all)
            {
                finite &= float.IsFinite(v);
            }

            return new DeviceInvariantReport
            {
                Images = count,
                IdentityMaxAbsDiff = identityDiff,
                IdentityRelativeDiff = identityDiff / identityScale,
                IdentityTolerance = identityTolerance,
                IdentityArgmaxSame = argmaxSame,
                IdentityPass = identityDiff <= identityTolerance,
                NoLeakMasks = m,
                NoLeakInformativeMasks = informative,
                NoLeakMaxAbsDiff = leak,
                NoLeakWorstMask = worstLeak,
                NoLeakPass = leak == 0,
                AgreementMaxAbsDiff = agreement,
                AgreementRelativeDiff = agreement / agreementScale,
                AgreementTolerance = agreementTolerance,
                AgreementWorstMask = worstAgreement,
                AgreementPass = agreementPass,
                AgreementMasksWithin = within,
                AgreementRule = quantized
                    ? $"quantized model: same top class under every mask, max |Δ| ≤ {QuantizedRelativeTolerance:g2} relative"
                    : $"max |Δ| ≤ {Device.RelativeTolerance:g2} relative",
                Reference = quantized ? "ONNX Runtime (CPU), QDQ graph as written (no fusion into int8 kernels)" : "ONNX Runtime (CPU)",
                BatchMaxAbsDiff = batchDiff,
                BatchPass = batchDiff <= identityTolerance,
                AllFinite = finite,
                DeviceCalls = 1 + singles,
                DeviceImages = total + singles,
                DeviceSeconds = watch.Elapsed.TotalSeconds,
            };
        }

        /// <summary>The logit scale a relative figure is taken against: max(1, max |reference|).</summary>
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
    }
}
