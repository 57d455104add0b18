using System;
using ConvAD.Gpu;

namespace DocSnippets
{
    /// <summary>docs/generator.md.</summary>
    internal static class GeneratorSnippets
    {
        private static void Use()
        {
            // snippet:use
            using var model = SqueezeNet.Load();                       // the file beside the app, fingerprint-checked; sessions created
            var input = SqueezeNet.Input.FromFile("kitten_224.png");   // resized and normalised as the description says
            Console.WriteLine(model.Predict(input)[0]);                // Prediction { Label = tabby, Confidence = 0.932 }

            var mask = new SqueezeNet.Mask();                          // 224×224, all present
            mask.SetRectangle(0, 0, 112, 224, present: false);         // occlude the left half
            Console.WriteLine(model.Predict(input, mask)[0]);          // ConvAD: the left half cannot influence the output
            float[] scores = model.Forward(input, mask);               // raw class scores; Forward(inputs, masks) for a batch

            using var explanation = model.Explain(input);              // or Explain("kitten_224.png"); ExplainAsync(…, progress, cancellation)
            explanation.Save("convad-out");                            // input.heatmap.png, .overlay.png, .mask.png, .responsibility.npy
            // end snippet:use
        }

        private static void Gpu(float[] images, float[] masks, int count)
        {
            // snippet:gpu
            using var gpu = ResNet20.LoadGpu(DeviceKind.Cuda);   // or CudaEmulated; beside the app, fingerprint-checked like Load()
            gpu.StepThrough = true;                             // run each launch as it is recorded: a breakpoint in ForwardLayers shows real values
            float[] scores = gpu.Run(images, masks, count);     // ForwardLayers runs (recorded once per batch size, then replayed)
            // end snippet:gpu
        }
    }
}
