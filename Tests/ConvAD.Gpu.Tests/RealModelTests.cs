using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Plan;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// The GPU runtime on ILGPU's CPU accelerator against the ONNX Runtime engine (the reference), on the
    /// shipped models with real images: identity, ConvAD with random masks, and no leak.
    /// </summary>
    public sealed class RealModelTests : IClassFixture<ModelCache>
    {
        private const double Tolerance = 1e-4;
        private readonly ModelCache _models;
        private readonly ITestOutputHelper _output;

        public RealModelTests(ModelCache models, ITestOutputHelper output)
        {
            _models = models;
            _output = output;
        }

        public static IEnumerable<object[]> Models => new[]
        {
            new object[] { "mnist" }, new object[] { "resnet20" }, new object[] { "small-cnn" }, new object[] { "squeezenet" },
        };

        [Theory]
        [MemberData(nameof(Models))]
        public void Identity_all_ones_mask_equals_the_plain_model(string name)
        {
            ModelPair m = _models.Get(name, PropagationThreshold.Default);
            float[] plain = m.Engine.RunPlain(m.Images, m.Count);
            float[] ones = Enumerable.Repeat(1f, m.Count * m.Gpu.MaskSize).ToArray();
            float[] convAd = m.Gpu.Run(m.Images, ones, m.Count);
            AssertClose(plain, convAd, $"{name}: ConvAD (all ones) on the device vs the plain engine");
            if (name != "resnet20")
            {
                // The device's plain forward (no masks, no checkpoints); skipped on ResNet-20, the slow one on the CPU accelerator.
                AssertClose(plain, m.Gpu.RunPlain(m.Images, m.Count), $"{name}: plain on the device vs the plain engine");
            }

            Assert.Equal(ArgMax(plain, m.Gpu.ClassCount), ArgMax(convAd, m.Gpu.ClassCount));
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void ConvAd_with_random_masks_equals_the_engine(string name)
        {
            ModelPair m = _models.Get(name, PropagationThreshold.Default);
            (float[] images, float[] masks, int count) = m.MaskedBatch;
            float[] expected = m.Engine.Run(images, masks, count);
            AssertClose(expected, m.GpuMaskedOutput, $"{name} (τ = 0.5): ConvAD on the device vs the engine, {count} image×mask pairs");
        }

        [Theory]
        [InlineData("mnist", "any")]
        [InlineData("mnist", "all")]
        [InlineData("small-cnn", "any")]
        public void ConvAd_matches_the_engine_for_other_thresholds(string name, string threshold)
        {
            ModelPair m = _models.Get(name, PropagationThreshold.Parse(threshold));
            (float[] images, float[] masks, int count) = m.MaskedBatch;
            float[] expected = m.Engine.Run(images, masks, count);
            AssertClose(expected, m.GpuMaskedOutput, $"{name} (τ = {threshold}): ConvAD on the device vs the engine, {count} image×mask pairs");
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void Occluded_pixels_do_not_leak(string name)
        {
            ModelPair m = _models.Get(name, PropagationThreshold.Default);
            (float[] images, float[] masks, int count) = m.MaskedBatch;
            var rng = new Random(3);
            float[] altered = (float[])images.Clone();
            int channels = m.Gpu.Input.Channels, hw = m.Gpu.MaskSize;
            for (int n = 0; n < count; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int p = 0; p < hw; p++)
                    {
                        if (masks[n * hw + p] == 0f)
                        {
                            altered[(n * channels + c) * hw + p] = (float)(rng.NextDouble() * 20 - 10);
                        }
                    }
                }
            }

            float[] a = m.GpuMaskedOutput;
            float[] b = m.Gpu.Run(altered, masks, count);
            Assert.All(a, v => Assert.True(float.IsFinite(v)));
            for (int i = 0; i < a.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(b[i]),
                    $"{name}: output {i} differs ({a[i]:R} vs {b[i]:R}) although only occluded pixels changed");
            }
        }

        /// <summary>
        /// ShuffleNetV2 int8 QDQ. The device runs the graph as the ONNX spec writes it (float arithmetic between
        /// QuantizeLinear → DequantizeLinear steps), so its reference is ONNX Runtime running the same graph unfused.
        /// Against the optimised engine (int8 QLinearConv kernels) the outputs differ by requantization rounding:
        /// measured here and bounded loosely, with the same top class.
        /// </summary>
        [Fact]
        public void ShuffleNet_qdq_matches_onnx_runtime_running_the_graph_as_written()
        {
            ModelPair literal = _models.Get("shufflenet", PropagationThreshold.Default, literalReference: true);
            float[] ones = Enumerable.Repeat(1f, literal.Count * literal.Gpu.MaskSize).ToArray();
            float[] device = literal.Gpu.Run(literal.Images, ones, literal.Count);
            AssertClose(literal.Engine.RunPlain(literal.Images, literal.Count), device, "shufflenet: ConvAD (all ones) on the device vs ONNX Runtime unfused, plain");
            // Under masks, a float summed in another order can land on the other side of a QuantizeLinear's rounding step
            // and move by a whole quantum downstream: most masks agree bitwise, the others keep the top class and stay close.
            (float[] images, float[] masks, int count) = literal.MaskedBatch;
            float[] expected = literal.Engine.Run(images, masks, count);
            int classes = literal.Gpu.ClassCount, bitwise = 0;
            double maskedScale = expected.Max(v => Math.Abs((double)v)), maskedWorst = 0;
            for (int k = 0; k < count; k++)
            {
                float[] e = expected.AsSpan(k * classes, classes).ToArray(), g = literal.GpuMaskedOutput.AsSpan(k * classes, classes).ToArray();
                bitwise += e.SequenceEqual(g) ? 1 : 0;
                maskedWorst = Math.Max(maskedWorst, e.Zip(g).Max(t => Math.Abs((double)t.First - t.Second)));
                Assert.Equal(ArgMax(e, classes), ArgMax(g, classes));
            }

            _output.WriteLine($"shufflenet (τ = 0.5) under {count} masks: {bitwise} bitwise equal to ONNX Runtime unfused, max |Δ| = {maskedWorst:E3} (relative {maskedWorst / maskedScale:E3})");
            Assert.True(bitwise >= count / 2, $"only {bitwise} of {count} masks agree bitwise");
            Assert.True(maskedWorst <= 0.05 * maskedScale, $"max |Δ| = {maskedWorst:E3} exceeds 5% of {maskedScale:G4}");

            ModelPair fused = _models.Get("shufflenet", PropagationThreshold.Default);
            float[] optimised = fused.Engine.RunPlain(fused.Images, fused.Count);
            double scale = optimised.Max(v => Math.Abs((double)v));
            double worst = optimised.Zip(device).Max(t => Math.Abs((double)t.First - t.Second));
            _output.WriteLine($"shufflenet: device vs the optimised engine (int8 kernels): max |Δ| = {worst:E3} (relative {worst / scale:E3})");
            Assert.Equal(ArgMax(optimised, fused.Gpu.ClassCount), ArgMax(device, fused.Gpu.ClassCount));
        }

        private void AssertClose(float[] expected, float[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            double scale = Math.Max(1e-6, expected.Max(v => Math.Abs((double)v)));
            double worst = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(float.IsFinite(actual[i]), $"{what}: output {i} is {actual[i]}");
                worst = Math.Max(worst, Math.Abs((double)expected[i] - actual[i]));
            }

            _output.WriteLine($"{what}: max |Δ| = {worst:E3} (relative {worst / scale:E3}, logit scale {scale:G4})");
            Assert.True(worst <= Tolerance * scale, $"{what}: max |Δ| = {worst:E3} exceeds {Tolerance} × {scale:G4}");
        }

        private static int[] ArgMax(float[] scores, int classes) =>
            Enumerable.Range(0, scores.Length / classes).Select(n => Enumerable.Range(0, classes).OrderByDescending(c => scores[n * classes + c]).First()).ToArray();
    }
}
