using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Plan;
using ConvAD.Tests;
using Xunit;

namespace ConvAD.Gpu.Tests
{
    /// <summary>The AD variants and layer masking on the GPU runtime: the unrenormalised mean runs; neighbour fill is refused.</summary>
    public sealed class AdVariantDeviceTests
    {
        private static string ReferenceNet => RepoPaths.File("Tests", "Fixtures", "models", "semantics", "reference_net.onnx");

        [Fact]
        public void The_unrenormalised_global_mean_agrees_with_the_engine()
        {
            PlanOptions plain = PlanOptions.Default with { RenormaliseGlobalMean = false };
            using GpuConvAdModel gpu = GpuConvAdModel.Load(ReferenceNet, DeviceKind.CudaEmulated, plain);
            using ConvAdModel engine = ConvAdModel.Load(ReferenceNet, new EngineOptions { Plan = plain });
            using ConvAdModel renormalised = ConvAdModel.Load(ReferenceNet);
            float[] x = Enumerable.Range(0, 36).Select(i => (float)Math.Sin(i)).ToArray();
            float[] left = Enumerable.Range(0, 36).Select(i => i % 6 < 2 ? 1f : 0f).ToArray();
            float[] expected = engine.Run(x, left, 1);
            float[] actual = gpu.Run(x, left, 1);
            Assert.NotEqual(renormalised.Run(x, left, 1), expected);
            for (int c = 0; c < expected.Length; c++)
            {
                Assert.Equal(expected[c], actual[c], 5);
            }
        }

        [Theory]
        [InlineData(NeighbourFill.EveryConvolution)]
        [InlineData(NeighbourFill.Stem)]
        public void Neighbour_fill_is_refused_with_a_clear_error(NeighbourFill fill)
        {
            var e = Assert.Throws<NotSupportedException>(() => GpuConvAdModel.Load(ReferenceNet, DeviceKind.CudaEmulated, PlanOptions.Default with { Fill = fill }));
            Assert.Contains("ONNX Runtime engine only", e.Message);
        }

        [Fact]
        public void The_GPU_runtime_has_no_layer_masking_forward()
        {
            using GpuConvAdModel gpu = GpuConvAdModel.Load(ReferenceNet, DeviceKind.CudaEmulated);
            Assert.Throws<NotSupportedException>(() => MaskedForward.Run(gpu, Perturbation.LayerMasking, new float[36], new float[36], 1, new float[2]));
        }
    }
}
