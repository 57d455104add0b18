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

        public static IEnumerable<object[]> Models => new[] { new object[] { "mnist" }, new object[] { "resnet20" }, new object[] { "small-cnn" } };

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
