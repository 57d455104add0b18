using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Tests;
using ConvAD.Verification;
using Xunit;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// ConvInteger and MatMulInteger on the device. The device recovers the integers they read from the dequantized
    /// activations it holds, and its float sums of those integers are exact below 2^24, so the fixture's Cast and Mul
    /// after them see ONNX Runtime's int32 values: the outputs are compared bitwise, plain and under masks (a ConvInteger
    /// checkpoint writes the zero point). A scale computed from the data (DynamicQuantizeLinear) is refused at load.
    /// </summary>
    public sealed class IntegerOpDeviceTests
    {
        private static string Fixture(string file) => RepoPaths.File("Tests", "Fixtures", "models", "qoperator", file);

        [Theory]
        [InlineData("any")]
        [InlineData("0.5")]
        public void ConvInteger_and_MatMulInteger_give_the_engines_outputs_bitwise(string threshold)
        {
            var plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) };
            using ConvAdModel engine = ConvAdModel.Load(Fixture("qoperator_ops.onnx"), new EngineOptions { Plan = plan, IntraOpThreads = 1 });
            using GpuConvAdModel gpu = GpuConvAdModel.Load(Fixture("qoperator_ops.onnx"), DeviceKind.CudaEmulated, plan);
            Assert.Contains(gpu.Plan.Nodes, n => n.OpType == "ConvInteger" && n.Role == NodeRole.SpatialMixing && n.Checkpoints.Count == 1);

            var rng = new Random(11);
            float[] images = Enumerable.Range(0, 3 * gpu.ImageSize).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            Assert.Equal(engine.RunPlain(images, 3), gpu.RunPlain(images, 3));

            IReadOnlyList<MaskPattern> patterns = MaskPatterns.Generate(gpu.Input.Height, gpu.Input.Width, 12, seed: 5);
            int informative = 0;
            foreach (MaskPattern pattern in patterns)
            {
                float[] masks = Enumerable.Repeat(pattern.Values, 3).SelectMany(m => m).ToArray();
                float[] expected = engine.Run(images, masks, 3), actual = gpu.Run(images, masks, 3);
                Assert.True(expected.SequenceEqual(actual), $"mask '{pattern.Name}' (τ = {threshold}): max |Δ| {expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max():R}");
                informative += expected.SequenceEqual(engine.Run(images, Enumerable.Repeat(0f, masks.Length).ToArray(), 3)) ? 0 : 1;
            }

            // Masks that reach the head: the checkpoint before ConvInteger and the ops after it were exercised, not only emptied.
            Assert.True(informative >= patterns.Count / 2, $"only {informative} of {patterns.Count} masks reach the head");
        }

        [Fact]
        public void A_scale_computed_from_the_data_is_named_at_load()
        {
            // quantize_dynamic's form of a classifier head: the engine runs it (its head is not spatial) ...
            string model = Fixture("qoperator_dynamic.onnx");
            using (ConvAdModel engine = ConvAdModel.Load(model, new EngineOptions { IntraOpThreads = 1 }))
            {
                float[] scores = engine.RunPlain(Enumerable.Range(0, 3 * 8 * 8).Select(i => (i % 7) / 7f).ToArray(), 1);
                Assert.All(scores, s => Assert.True(float.IsFinite(s)));
            }

            // ... the device, which would need the input's scale at load to recover its integers, refuses it by name.
            NotSupportedException e = Assert.Throws<NotSupportedException>(() => GpuConvAdModel.Load(model, DeviceKind.CudaEmulated));
            Assert.Contains("node 'fc_acc' (MatMulInteger)", e.Message);
            Assert.Contains("DynamicQuantizeLinear 'flat_quantize'", e.Message);
        }
    }
}
