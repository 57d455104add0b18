using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;
using ConvAD.Tests;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// More architectures from the test fixtures (small torchvision exports, 64×64): depthwise and strided
    /// convolutions with Clip (MobileNetV2), squeeze-and-excitation with Sigmoid·Mul (EfficientNet-B0),
    /// residual blocks with BatchNorm folded (ResNet-18), a dynamic batch; and unsupported ops.
    /// </summary>
    public sealed class FixtureModelTests
    {
        private readonly ITestOutputHelper _output;

        public FixtureModelTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData("torchvision", "resnet18.onnx")]
        [InlineData("torchvision", "mobilenet_v2.onnx")]
        [InlineData("torchvision", "efficientnet_b0.onnx")]
        [InlineData("torchvision", "mobilenet_v3_small.onnx")]
        [InlineData("torchvision", "squeezenet1_1.onnx")]
        [InlineData("torchvision", "densenet121.onnx")]
        [InlineData("torchvision", "googlenet.onnx")]
        [InlineData("torchvision", "vgg11.onnx")]
        [InlineData("torchvision", "regnet_x_400mf.onnx")]
        [InlineData("torchvision", "resnet50.onnx")]
        [InlineData("torchvision", "convnext_tiny.onnx")]
        [InlineData("special", "convnext_opset17.onnx")]
        [InlineData("special", "nhwc_cnn.onnx")]
        [InlineData("special", "dynamic_batch_cnn.onnx")]
        [InlineData("patterns", "shuffle_dynamic_batch.onnx")]
        [InlineData("patterns", "pad_avgpool.onnx")]
        [InlineData("patterns", "pad_zero_conv.onnx")]
        [InlineData("patterns", "pad_reflect.onnx")]
        [InlineData("patterns", "pad_replicate.onnx")]
        [InlineData("patterns", "pad_constant_value.onnx")]
        [InlineData("patterns", "pad_opset10.onnx")]
        [InlineData("patterns", "lrn_channel_pool.onnx")]
        [InlineData("patterns", "lrn.onnx")]
        [InlineData("patterns", "lrn_twice.onnx")]
        public void Device_matches_the_engine_on_fixture_architectures(string folder, string file)
        {
            string path = RepoPaths.File("Tests", "Fixtures", "models", folder, file);
            // τ = any keeps the masks alive through these deep nets at 64×64 (with τ = 0.5 a half mask is gone before the head).
            var plan = new PlanOptions { Threshold = PropagationThreshold.Any };
            using ConvAdModel engine = ConvAdModel.Load(path, new EngineOptions { Plan = plan, IntraOpThreads = 1 });
            using GpuConvAdModel gpu = GpuConvAdModel.Load(path, DeviceKind.CudaEmulated, plan);
            var rng = new Random(1);
            float[] image = Enumerable.Range(0, gpu.ImageSize).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            float[] mask = MaskPatterns.Generate(gpu.Input.Height, gpu.Input.Width, 7, 3)[6].Values; // left half present

            AssertClose(engine.Run(image, mask, 1), gpu.Run(image, mask, 1), $"{file} ConvAD (left half, τ = any)");
        }

        [Fact]
        public void A_dynamic_batch_flatten_follows_the_batch_size()
        {
            // The flatten's target comes from Shape → Gather → Concat, folded for the exported batch of 1.
            string path = RepoPaths.File("Tests", "Fixtures", "models", "special", "dynamic_batch_cnn.onnx");
            var plan = new PlanOptions { Threshold = PropagationThreshold.Any };
            using ConvAdModel engine = ConvAdModel.Load(path, new EngineOptions { Plan = plan, IntraOpThreads = 1 });
            using GpuConvAdModel gpu = GpuConvAdModel.Load(path, DeviceKind.CudaEmulated, plan);
            var rng = new Random(2);
            float[] images = Enumerable.Range(0, 3 * gpu.ImageSize).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var patterns = MaskPatterns.Generate(gpu.Input.Height, gpu.Input.Width, 7, 3);
            float[] masks = patterns[6].Values.Concat(patterns[1].Values).Concat(patterns[4].Values).ToArray();

            AssertClose(engine.Run(images, masks, 3), gpu.Run(images, masks, 3), "dynamic batch of 3 (ConvAD)");
            AssertClose(engine.RunPlain(images, 3), gpu.RunPlain(images, 3), "dynamic batch of 3 (plain)");
        }

        [Fact]
        public void Models_ConvAd_cannot_run_are_rejected_with_the_plan_reason()
        {
            UnsupportedModelException e = Assert.Throws<UnsupportedModelException>(() =>
                GpuConvAdModel.Load(RepoPaths.File("Tests", "Fixtures", "models", "special", "resize_cnn.onnx"), DeviceKind.CudaEmulated));
            Assert.Equal("Resize", e.Reason.Op);
            // An If whose condition reads pixel values (torch's LRN If, whose condition follows from shapes, is inlined and runs).
            e = Assert.Throws<UnsupportedModelException>(() =>
                GpuConvAdModel.Load(RepoPaths.File("Tests", "Fixtures", "models", "patterns", "if_data_dependent.onnx"), DeviceKind.CudaEmulated));
            Assert.Equal("If", e.Reason.Op);
            Assert.Equal("/If", e.Reason.Node);
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
