using ConvAD.Gpu;
using ConvAD.Plan;

namespace DocSnippets
{
    /// <summary>docs/gpu-runtime.md.</summary>
    internal static class GpuRuntimeSnippets
    {
        private static void Load(float[] images, float[] masks, int count)
        {
            // snippet:load
            using GpuConvAdModel gpu = GpuConvAdModel.Load("models/cifar10/resnet20.onnx", DeviceKind.Cuda /* or CudaEmulated */,
                new PlanOptions { Threshold = PropagationThreshold.Parse("0.5") });
            float[] scores = gpu.Run(images, masks, count);   // count images in the model's layout, count × H·W masks (1 = present) → count × classes
            float[] plain  = gpu.RunPlain(images, count);     // the original network
            // end snippet:load
        }

        private static void Generated()
        {
            // snippet:generated
            using GpuConvAdModel gpu = ResNet20.LoadGpu(DeviceKind.Cuda);   // fingerprint-checked, runs the generated ResNet20.ForwardLayers
            gpu.StepThrough = true;                                        // debugging: launches run as ForwardLayers records them
            // end snippet:generated
        }
    }
}
