using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Verification;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// The no-leak invariant on the rewritten ONNX graph itself. The engine zeroes occluded pixels before the graph,
    /// which alone would make the engine-level check pass for any graph; a neighbour fill that read an occluded value
    /// would go unseen there. Here the graph gets images that differ, wildly, only at occluded pixels.
    /// </summary>
    internal static class RewrittenGraph
    {
        public static void AssertIgnoresOccludedPixels(ConvAdModel model, float[] image)
        {
            using var session = new InferenceSession(model.ExportConvAdModel());
            var rng = new Random(7);
            int plane = model.MaskSize;
            bool informative = false;
            foreach (MaskPattern mask in MaskPatterns.Generate(model.Input.Height, model.Input.Width, 8, seed: 4).Where(m => m.Values.Contains(0f) && m.Values.Contains(1f)))
            {
                float[] other = (float[])image.Clone();
                for (int i = 0; i < other.Length; i++)
                {
                    if (mask.Values[i % plane] == 0f)
                    {
                        other[i] = (float)(rng.NextDouble() * 2000 - 1000);
                    }
                }

                float[] a = Run(session, model, image, mask.Values), b = Run(session, model, other, mask.Values);
                Assert.True(a.SequenceEqual(b), $"{mask.Name}: occluded pixels changed the output by {InvariantChecker.MaxAbsDiff(a, b)}");
                informative |= !a.SequenceEqual(Run(session, model, image, new float[plane]));
            }

            Assert.True(informative, "no mask kept anything: the comparison proves nothing");
        }

        /// <summary>One NCHW image through the rewritten graph: the image input and the mask input (convad_mask, docs/architecture.md).</summary>
        private static float[] Run(InferenceSession session, ConvAdModel model, float[] image, float[] mask)
        {
            long[] shape = model.Input.Shape.ToArray();
            shape[model.Input.Layout.BatchAxis] = 1;
            using var x = OrtValue.CreateTensorValueFromMemory(image, shape);
            using var m = OrtValue.CreateTensorValueFromMemory(mask, new long[] { 1, 1, model.Input.Height, model.Input.Width });
            // Held in a variable: a temporary RunOptions can be finalized while the native run still reads it (a crash).
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, new[] { model.Input.Name, "convad_mask" }, new[] { x, m }, new[] { model.OutputName });
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }
    }
}
