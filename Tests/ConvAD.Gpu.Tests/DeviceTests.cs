using System;
using System.IO;
using ConvAD.Plan;
using Xunit;
using ConvAD.Tests;

namespace ConvAD.Gpu.Tests
{
    public sealed class DeviceTests
    {
        [Fact]
        public void Cuda_without_an_nvidia_gpu_says_so()
        {
            // This test documents the behaviour on machines without an NVIDIA GPU (CI); it is skipped in spirit where one exists.
            string model = RepoPaths.File("models", "cifar10", "small-cnn.onnx");
            GpuConvAdModel? gpu = null;
            try
            {
                gpu = GpuConvAdModel.Load(model, DeviceKind.Cuda);
            }
            catch (InvalidOperationException e)
            {
                Assert.StartsWith("no NVIDIA GPU or driver found", e.Message);
                return;
            }
            finally
            {
                gpu?.Dispose();
            }

            // A GPU was found: the device must then run the model.
            Assert.Equal(DeviceKind.Cuda, gpu!.Device);
        }

        [Fact]
        public void Cuda_emulated_runs_on_the_cpu_accelerator()
        {
            using GpuConvAdModel gpu = GpuConvAdModel.Load(RepoPaths.File("models", "mnist", "mnist-8.onnx"), DeviceKind.CudaEmulated);
            Assert.Equal(DeviceKind.CudaEmulated, gpu.Device);
            Assert.Equal(10, gpu.ClassCount);
            float[] scores = gpu.Run(new float[gpu.ImageSize], new float[gpu.MaskSize], 1);
            Assert.Equal(10, scores.Length);
            Assert.All(scores, s => Assert.True(float.IsFinite(s)));
        }

        [Fact]
        public void Masks_must_be_zero_or_one()
        {
            using GpuConvAdModel gpu = GpuConvAdModel.Load(RepoPaths.File("models", "mnist", "mnist-8.onnx"), DeviceKind.CudaEmulated);
            var masks = new float[gpu.MaskSize];
            masks[0] = 0.5f;
            Assert.Throws<ArgumentException>(() => gpu.Run(new float[gpu.ImageSize], masks, 1));
        }

        [Fact]
        public void A_call_after_dispose_throws()
        {
            GpuConvAdModel gpu = GpuConvAdModel.Load(RepoPaths.File("models", "mnist", "mnist-8.onnx"), DeviceKind.CudaEmulated);
            gpu.Dispose();
            gpu.Dispose(); // idempotent
            Assert.Throws<ObjectDisposedException>(() => gpu.Run(new float[gpu.ImageSize], new float[gpu.MaskSize], 1));
            Assert.Throws<ObjectDisposedException>(() => gpu.RunPlain(new float[gpu.ImageSize], 1));
        }

        [Fact]
        public void Missing_model_file_is_reported()
        {
            Assert.Throws<FileNotFoundException>(() => GpuConvAdModel.Load(Path.Combine(RepoPaths.Root, "no-such-model.onnx"), DeviceKind.CudaEmulated, new PlanOptions()));
        }
    }
}
