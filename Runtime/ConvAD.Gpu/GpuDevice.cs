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

        public static (Context Context, Accelerator Accelerator) Create(DeviceKind kind, int deviceIndex = 0)
        {
            switch (kind)
            {
                case DeviceKind.CudaEmulated:
                {
                    Context context = Context.Create(b => b.CPU(CPUDeviceKind.Nvidia).Optimize(OptimizationLevel.O1));
                    try
                    {
                        return (context, context.CreateCPUAccelerator(0));
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
