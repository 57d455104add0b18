using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Tests;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Gpu.Tests
{
    /// <summary>Explicit Pad (constant, reflect, edge; pads as input or attribute; spatial or of channels) and padded masks: the device computes what the engine does.</summary>
    public sealed class ExplicitPaddingTests
    {
        private readonly ITestOutputHelper _output;

        public ExplicitPaddingTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData("pad_avgpool.onnx")]
        [InlineData("pad_zero_conv.onnx")]
        [InlineData("pad_reflect.onnx")]
        [InlineData("pad_replicate.onnx")]
        [InlineData("pad_constant_value.onnx")]
        [InlineData("pad_opset10.onnx")]
        [InlineData("lrn_channel_pool.onnx")] // a Pad of the channel axis of a rank-5 tensor, then a pool over channels
        [InlineData("lrn.onnx")] // the same as torch writes it: its If inlined (the Squeeze branch)
        [InlineData("lrn_twice.onnx")] // two of them, the second If's condition known once the first is inlined
        public void Device_matches_the_engine_on_every_mask_pattern(string file)
        {
            string path = RepoPaths.File("Tests", "Fixtures", "models", "patterns", file);
            var plan = new PlanOptions { Threshold = PropagationThreshold.Parse("0.5") };
            using ConvAdModel engine = ConvAdModel.Load(path, new EngineOptions { Plan = plan, IntraOpThreads = 1 });
            using GpuConvAdModel gpu = GpuConvAdModel.Load(path, DeviceKind.CudaEmulated, plan);
            var patterns = MaskPatterns.Generate(gpu.Input.Height, gpu.Input.Width, 10, 4);
            int n = patterns.Count;
            var rng = new Random(6);
            float[] images = Enumerable.Range(0, n * gpu.ImageSize).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            float[] masks = patterns.SelectMany(p => p.Values).ToArray();

            AssertClose(engine.RunPlain(images, n), gpu.RunPlain(images, n), $"{file} plain");
            AssertClose(engine.Run(images, masks, n), gpu.Run(images, masks, n), $"{file} ConvAD (τ = 0.5, {string.Join(", ", patterns.Select(p => p.Name))})");
        }

        public static TheoryData<string, long, long[], long> PaddingOnlyWindows() => PaddingOnlyModels.Windows();

        [Theory]
        [MemberData(nameof(PaddingOnlyWindows))]
        public void Device_matches_the_engine_where_convolution_windows_read_only_padding(string window, long kernel, long[] pads, long dilation)
        {
            // A Conv's windows over padding only take the explicit constant Pad's mask rule: the kernel's clamped taps, the
            // engine's edge-padded mask. Under "any" and 0.5, on every mask pattern (empty, single pixel, stripes…).
            byte[] onnx = PaddingOnlyModels.Chain(kernel, pads, dilation, explicitPad: false);
            foreach (string tau in new[] { "any", "0.5" })
            {
                var plan = new PlanOptions { Threshold = PropagationThreshold.Parse(tau) };
                using ConvAdModel engine = ConvAdModel.Load(onnx, window, new EngineOptions { Plan = plan, IntraOpThreads = 1 });
                using GpuConvAdModel gpu = GpuConvAdModel.Load(onnx, DeviceKind.CudaEmulated, plan);
                var patterns = MaskPatterns.Generate(gpu.Input.Height, gpu.Input.Width, 10, 4);
                int n = patterns.Count;
                var rng = new Random(8);
                float[] images = Enumerable.Range(0, n * gpu.ImageSize).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
                float[] masks = patterns.SelectMany(p => p.Values).ToArray();
                AssertClose(engine.Run(images, masks, n), gpu.Run(images, masks, n), $"{window}, τ = {tau}");
            }
        }

        private void AssertClose(float[] expected, float[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            double scale = Math.Max(1e-6, expected.Max(v => Math.Abs((double)v)));
            double worst = expected.Zip(actual).Max(t => Math.Abs((double)t.First - t.Second));
            _output.WriteLine($"{what}: max |Δ| = {worst:E3} (relative {worst / scale:E3}, logit scale {scale:G4})");
            Assert.True(worst <= 1e-4 * scale, $"{what}: max |Δ| = {worst:E3} exceeds 1e-4 × {scale:G4}");
        }
    }
}
