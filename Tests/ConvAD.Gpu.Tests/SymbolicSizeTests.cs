using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Tests;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// A model exported with a symbolic height and width (dynamic_hw.onnx) runs on the device at the stated size, 24×40 here
    /// (not the 32×32 it was exported at, and H ≠ W so a swapped axis shows): the device computes what the engine does and
    /// keeps the invariants for τ = any, 0.5 and all.
    /// </summary>
    public sealed class SymbolicSizeTests
    {
        private static readonly string Model = RepoPaths.File("Tests", "Fixtures", "models", "patterns", "dynamic_hw.onnx");
        private static readonly InputSize Size = new InputSize(24, 40);
        private readonly ITestOutputHelper _output;

        public SymbolicSizeTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Device_matches_the_engine_on_every_mask_pattern()
        {
            var plan = new PlanOptions { Threshold = PropagationThreshold.Parse("0.5"), InputSize = Size };
            using ConvAdModel engine = ConvAdModel.Load(Model, new EngineOptions { Plan = plan, IntraOpThreads = 1 });
            using GpuConvAdModel gpu = GpuConvAdModel.Load(Model, DeviceKind.CudaEmulated, plan);
            Assert.Equal((24, 40), (gpu.Input.Height, gpu.Input.Width));
            var patterns = MaskPatterns.Generate(gpu.Input.Height, gpu.Input.Width, 10, 4);
            int n = patterns.Count;
            float[] images = Random(n * gpu.ImageSize, seed: 6);
            float[] masks = patterns.SelectMany(p => p.Values).ToArray();

            AssertClose(engine.RunPlain(images, n), gpu.RunPlain(images, n), "plain");
            AssertClose(engine.Run(images, masks, n), gpu.Run(images, masks, n), $"ConvAD (τ = 0.5, {string.Join(", ", patterns.Select(p => p.Name))})");
        }

        [Theory]
        [InlineData("any")]
        [InlineData("0.5")]
        [InlineData("all")]
        public void Device_keeps_the_invariants_at_the_stated_size(string threshold)
        {
            var plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold), InputSize = Size };
            using ConvAdModel engine = ConvAdModel.Load(Model, new EngineOptions { Plan = plan, IntraOpThreads = 1 });
            using GpuConvAdModel gpu = GpuConvAdModel.Load(Model, DeviceKind.CudaEmulated, plan);
            float[] images = Random(2 * gpu.ImageSize, seed: 5);

            // As convad verify --device checks a device: the engine is the reference for identity and agreement.
            InvariantReport r = InvariantChecker.Check(gpu, images, new InvariantCheckOptions
            {
                Masks = 12,
                Seed = 9,
                IdentityRelativeTolerance = 1e-4,
                Reference = engine,
                AgreementRelativeTolerance = 1e-4,
                OneCall = true,
            }, "dynamic_hw");
            _output.WriteLine(r.ToString());
            Assert.True(r.IdentityPass, $"identity {r.IdentityMaxAbsDiff} > {r.IdentityTolerance}");
            Assert.True(r.NoLeakPass, $"leak {r.NoLeakMaxAbsDiff} under '{r.NoLeakWorstMask}'");
            Assert.True(r.Agreement!.Pass, $"agreement {r.Agreement.MaxAbsDiff} under '{r.Agreement.WorstMask}'");
            Assert.True(r.BatchPass, $"batch {r.BatchMaxAbsDiff}");
            Assert.True(r.AllFinite);
            if (!plan.Threshold.IsAll)
            {
                Assert.True(r.NoLeakInformativeMasks > 0, "every mask emptied before the head");
            }

            // Empty mask: the masked global mean of nothing is 0, so the head gives its bias.
            float[] bias = OnnxReader.Read(Model).Graph.Initializers["fc.bias"].FloatValues!;
            Assert.Equal(bias.Concat(bias), gpu.Run(images, new float[2 * gpu.MaskSize], 2));
        }

        [Fact]
        public void Without_a_stated_size_the_device_refuses_the_model_as_the_engine_does()
        {
            var e = Assert.Throws<UnsupportedModelException>(() => GpuConvAdModel.Load(Model, DeviceKind.CudaEmulated));
            Assert.Contains("--input-size", e.Message);
        }

        private static float[] Random(int count, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
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
