using System;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace ConvAD.Gpu
{
    /// <summary>Creates the ILGPU context and accelerator for a <see cref="DeviceKind"/>.</summary>
    internal static class GpuDevice
    {
        public const string NoCudaMessage =
            "no NVIDIA GPU or driver found: --device cuda needs an NVIDIA GPU with its display driver installed " +
            "(ILGPU found no CUDA device); use cuda-emulated to run the same kernels on the CPU, or cpu for ONNX Runtime";

        /// <summary>
        /// The CPU accelerator behind <see cref="DeviceKind.CudaEmulated"/>: one group of one lane per core.
        /// ILGPU runs each lane of a group on its own OS thread and synchronises the lanes with a barrier after
        /// every group, so its NVIDIA preset (1024 lanes, warps of 32) spent most of a launch switching between
        /// 1024 threads on a few cores. With one lane per core, and <see cref="KernelSet"/> giving each lane a
        /// contiguous run of outputs, a launch costs one barrier. Results cannot depend on this geometry: the
        /// kernels use no warp or group intrinsics (no shuffles, shared memory or barriers), and every output is
        /// computed by one thread with a fixed loop order (KernelGeometryTests checks that 32-lane warps with one
        /// thread per output, as a GPU runs them, give bitwise the same results). The optimisation level only
        /// affects the IR ILGPU builds at load: the CPU accelerator runs the kernels' own .NET code.
        /// </summary>
        public static CPUDevice EmulatedDevice() =>
            new CPUDevice(numThreadsPerWarp: Math.Max(2, Environment.ProcessorCount), numWarpsPerMultiprocessor: 1, numMultiprocessors: 1);

        public static (Context Context, Accelerator Accelerator) Create(DeviceKind kind, int deviceIndex = 0)
        {
            switch (kind)
            {
                case DeviceKind.CudaEmulated:
                {
                    CPUDevice device = EmulatedDevice();
                    Context context = Context.Create(b => b.CPU(device).Optimize(OptimizationLevel.O1));
                    try
                    {
                        return (context, device.CreateCPUAccelerator(context));
                    }
                    catch
                    {
                        context.Dispose();
                        throw;
                    }
                }

                case DeviceKind.Cuda:
                {
                    Context context;
                    try
                    {
                        context = Context.Create(b => b.Cuda().Optimize(OptimizationLevel.O2));
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        throw new InvalidOperationException(NoCudaMessage, e);
                    }

                    int found = context.GetCudaDevices().Count;
                    if (found <= deviceIndex)
                    {
                        context.Dispose();
                        throw new InvalidOperationException(found == 0 ? NoCudaMessage : $"CUDA device {deviceIndex} does not exist: {found} found");
                    }

                    try
                    {
                        return (context, context.CreateCudaAccelerator(deviceIndex));
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        context.Dispose();
                        throw new InvalidOperationException(NoCudaMessage + " (" + e.Message + ")", e);
                    }
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown device kind");
            }
        }
    }
}
