using System;
using ConvAD.Plan;
using ConvAD.Tests;
using Xunit;

namespace ConvAD.Gpu.Tests
{
    /// <summary>The public layer API that generated forward passes call, and the plan interpreter built on it.</summary>
    public sealed class LayerApiTests : IClassFixture<ModelCache>
    {
        private readonly ModelCache _models;

        public LayerApiTests(ModelCache models) => _models = models;

        [Fact]
        public void Step_through_mode_gives_the_recorded_program_bitwise()
        {
            ModelPair m = _models.Get("mnist", PropagationThreshold.Default);
            (float[] images, float[] masks, int count) = m.MaskedBatch;
            float[] recorded = m.GpuMaskedOutput;
            float[] plain = m.Gpu.RunPlain(images, count);
            using GpuConvAdModel traced = GpuConvAdModel.Load(RepoPaths.File("models", "mnist", "mnist-8.onnx"), DeviceKind.CudaEmulated,
                new PlanOptions { Threshold = PropagationThreshold.Default });
            traced.StepThrough = true;

            Assert.Equal(recorded, traced.Run(images, masks, count));
            Assert.Equal(plain, traced.RunPlain(images, count));
        }

        [Fact]
        public void A_hand_written_forward_pass_runs_through_the_same_layers()
        {
            ModelPair m = _models.Get("mnist", PropagationThreshold.Default);
            (float[] images, float[] masks, int count) = m.MaskedBatch;
            int calls = 0;
            DeviceTensor? seenOutput = null;
            using GpuConvAdModel gpu = GpuConvAdModel.Load(RepoPaths.File("models", "mnist", "mnist-8.onnx"), DeviceKind.CudaEmulated,
                new PlanOptions { Threshold = PropagationThreshold.Default },
                forward: (layers, input, mask) =>
                {
                    calls++;
                    seenOutput = GpuLayers.Interpret(layers, input, mask);
                    return seenOutput;
                });

            Assert.Equal(m.GpuMaskedOutput, gpu.Run(images, masks, count));
            Assert.Equal(m.GpuMaskedOutput, gpu.Run(images, masks, count));
            Assert.Equal(1, calls); // recorded once per batch size and mode, then replayed
            Assert.Equal(count * 10, seenOutput!.Length);
            Assert.Equal(m.GpuMaskedOutput, seenOutput.ToArray());
        }

        [Fact]
        public void A_forward_pass_from_another_model_is_refused_with_the_node_named()
        {
            using GpuConvAdModel gpu = GpuConvAdModel.Load(RepoPaths.File("models", "mnist", "mnist-8.onnx"), DeviceKind.CudaEmulated,
                forward: (layers, input, mask) => layers.Conv("conv1/not-in-this-model", input));

            var e = Assert.Throws<ArgumentException>(() => gpu.RunPlain(new float[gpu.ImageSize], 1));
            Assert.Contains("conv1/not-in-this-model", e.Message);
            Assert.Contains("generated from this model", e.Message);
        }

        [Fact]
        public void The_ops_are_the_public_layer_methods_and_include_the_common_cnn_ops()
        {
            foreach (string op in new[] { "Conv", "Relu", "MaxPool", "AveragePool", "GlobalAveragePool", "Gemm", "Add", "Reshape", "Flatten", "Softmax" })
            {
                Assert.Contains(op, GpuLayers.Ops);
            }

            Assert.DoesNotContain("Deactivate", GpuLayers.Ops);
            Assert.DoesNotContain("PropagateMask", GpuLayers.Ops);
            Assert.All(GpuLayers.Ops, op => Assert.NotNull(typeof(GpuLayers).GetMethod(op)));
        }
    }
}
