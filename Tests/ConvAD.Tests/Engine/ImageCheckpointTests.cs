using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// The image's own checkpoint: the engine's session leaves it out (ConvAdModel zeroes occluded pixels before each call),
    /// the exported graph keeps the multiply so that it is leak-free when run elsewhere, and both give the same scores.
    /// </summary>
    public sealed class ImageCheckpointTests
    {
        [Fact]
        public void The_exported_graph_multiplies_the_image_and_the_session_does_not_need_to()
        {
            using ConvAdModel model = ConvAdModel.Load(RepoPaths.File("models", "cifar10", "resnet20.onnx"));
            string image = model.Input.Name;

            OnnxModel exported = OnnxReader.Read(model.ExportConvAdModel());
            Assert.Contains(exported.Graph.Nodes, n => n.OpType == "Mul" && n.Inputs.Contains(image));

            RewriteStep step = Assert.Single(model.ExplainRewrites().Steps, s => s.Tensor == image);
            Assert.StartsWith("none:", step.Realisation, StringComparison.Ordinal);
        }

        [Fact]
        public void Non_finite_occluded_pixels_do_not_reach_the_scores()
        {
            // Without the in-graph multiply, only the engine's zeroing stands between an occluded NaN and the network.
            using ConvAdModel model = ConvAdModel.Load(RepoPaths.File("models", "cifar10", "resnet20.onnx"));
            int plane = model.Input.Height * model.Input.Width;
            var rng = new Random(3);
            float[] images = Enumerable.Range(0, model.ImageSize).Select(_ => (float)rng.NextDouble()).ToArray();
            float[] mask = Enumerable.Range(0, plane).Select(p => p % model.Input.Width < model.Input.Width / 2 ? 1f : 0f).ToArray();
            float[] poisoned = (float[])images.Clone();
            for (int c = 0; c < model.Input.Channels; c++)
            {
                for (int p = 0; p < plane; p++)
                {
                    if (mask[p] == 0f)
                    {
                        poisoned[c * plane + p] = p % 2 == 0 ? float.NaN : float.PositiveInfinity;
                    }
                }
            }

            var clean = new float[model.ClassCount];
            var dirty = new float[model.ClassCount];
            model.Run(images, mask, 1, clean);
            model.Run(poisoned, mask, 1, dirty);
            Assert.All(dirty, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(clean, dirty); // bitwise: the occluded values never enter the graph
        }
    }
}
