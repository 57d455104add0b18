using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>"Nothing present is defined": an empty mask gives the head applied to zeros, never NaN.</summary>
    public sealed class EmptyMaskTests
    {
        [Theory]
        [InlineData("any")]
        [InlineData("0.5")]
        [InlineData("all")]
        public void Empty_mask_gives_the_classifier_bias(string threshold)
        {
            // ResNet-20 ends GlobalAveragePool → Reshape → Gemm: with nothing present the masked mean is 0,
            // so the logits are exactly the Gemm bias, whatever the image.
            string path = RepoPaths.File("models", "cifar10", "resnet20.onnx");
            using ConvAdModel model = ConvAdModel.Load(path, new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) } });
            OnnxModel graph = OnnxReader.Read(path);
            float[] bias = graph.Graph.Initializers["fc.bias"].FloatValues!;
            var rng = new Random(5);
            float[] images = Enumerable.Range(0, 2 * model.ImageSize).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            float[] output = model.Run(images, new float[2 * model.MaskSize], 2);
            Assert.Equal(bias.Concat(bias), output.Select(v => (float)v));
        }

        [Theory]
        [InlineData(float.NaN)]
        [InlineData(float.PositiveInfinity)]
        [InlineData(3e38f)]
        public void Non_finite_occluded_pixels_do_not_leak(float garbage)
        {
            using ConvAdModel model = ConvAdModel.Load(RepoPaths.File("models", "cifar10", "resnet20.onnx"));
            var rng = new Random(8);
            float[] clean = Enumerable.Range(0, model.ImageSize).Select(_ => (float)rng.NextDouble()).ToArray();
            float[] mask = Enumerable.Range(0, model.MaskSize).Select(i => i % 3 == 0 ? 0f : 1f).ToArray();
            float[] dirty = (float[])clean.Clone();
            for (int i = 0; i < dirty.Length; i++)
            {
                if (mask[i % model.MaskSize] == 0f)
                {
                    dirty[i] = garbage;
                }
            }

            Assert.Equal(model.Run(clean, mask, 1), model.Run(dirty, mask, 1));
        }

        [Fact]
        public void With_threshold_any_one_present_pixel_reaches_the_head()
        {
            // Two images that differ only at the one present pixel must give different outputs under τ = any.
            using ConvAdModel model = ConvAdModel.Load(RepoPaths.File("models", "cifar10", "resnet20.onnx"),
                new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Any } });
            int h = model.Input.Height, w = model.Input.Width, p = (h / 2) * w + w / 2;
            var mask = new float[h * w];
            mask[p] = 1;
            var a = new float[model.ImageSize];
            var b = new float[model.ImageSize];
            for (int c = 0; c < model.Input.Channels; c++)
            {
                b[c * h * w + p] = 2f;
            }

            Assert.NotEqual(model.Run(a, mask, 1), model.Run(b, mask, 1));
        }
    }
}
