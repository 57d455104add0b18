using System;
using ConvAD.Engine;   // UnsupportedModelException
using ConvAD.Gpu;      // GpuConvAdModel, DeviceKind
using ConvAD.Plan;     // PlanOptions, PropagationThreshold

namespace DocSnippets
{
    /// <summary>docs/gpu-deployment.md.</summary>
    internal static class GpuDeploymentSnippets
    {
        private static void Fallback(float[] images, float[] masks, int count)
        {
            // snippet:fallback
            var plan = new PlanOptions { Threshold = PropagationThreshold.Parse("0.5") };
            try
            {
                using GpuConvAdModel gpu = GpuConvAdModel.Load("resnet50.onnx", DeviceKind.Cuda, plan);   // or DeviceKind.CudaEmulated
                Console.WriteLine(gpu.DeviceName);                   // the GPU's name as the driver reports it
                float[] scores = gpu.Run(images, masks, count);      // count images in the model's layout, count × H·W masks (1 = present) → count × ClassCount
                float[] plain  = gpu.RunPlain(images, count);        // the original network
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("no NVIDIA GPU or driver found"))
            {
                // No usable GPU: use the ONNX Runtime engine (ConvAdModel.Load) or DeviceKind.CudaEmulated (slow; for tests).
            }
            catch (Exception e) when (e is UnsupportedModelException || e is NotSupportedException)
            {
                // The model cannot run under ConvAD at all (UnsupportedModelException), or the GPU runtime has no layer
                // for one of its ops (NotSupportedException naming the node and op): use the ONNX Runtime engine.
            }
            // end snippet:fallback
        }
    }
}
