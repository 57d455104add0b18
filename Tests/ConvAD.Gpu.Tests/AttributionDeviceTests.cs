using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Explanation;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// The attribution methods (sliding-window occlusion, RISE, KernelSHAP) with the GPU runtime's kernels on ILGPU's CPU
    /// accelerator (cuda-emulated), on the small CIFAR-10 CNN and a real photo, under AD and under a masking value: the device's map is
    /// the engine's within float rounding, and the device's batch size does not change it.
    /// </summary>
    public sealed class AttributionDeviceTests : IClassFixture<ModelCache>
    {
        // Relative to the map's largest magnitude: the device sums convolutions in another order than ONNX Runtime (logits
        // within 2.5e-6 of the logit scale), and each method averages or regresses many such scores.
        private const double Tolerance = 1e-4;

        private readonly ModelCache _models;

        public AttributionDeviceTests(ModelCache models) => _models = models;

        public static IEnumerable<object[]> Cases()
        {
            AttributionOptions[] methods =
            {
                new OcclusionOptions { Window = 8, Stride = 4, Seed = 3 },
                new RiseOptions { Masks = 160, Seed = 3 },
                new KernelShapOptions { GridSize = 4, Samples = 96, Seed = 3 },
            };
            foreach (AttributionOptions method in methods)
            {
                yield return new object[] { method, "ad" };
                yield return new object[] { method, "zero" };
            }
        }

        /// <summary>The real image the CNN is least sure of: where its softmax is 1.0 in float, occluding a window changes no score.</summary>
        private static float[] LeastConfident(ModelPair m)
        {
            int size = m.Reference.InputShape.Length;
            float[][] images = Enumerable.Range(0, m.Count).Select(i => m.Images.Skip(i * size).Take(size).ToArray()).ToArray();
            return images.OrderBy(x => m.Reference.Predict(x, 1, 1)[0][0].Confidence).First();
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void The_device_map_is_the_engines_and_ignores_the_batch_size(AttributionOptions method, string mode)
        {
            ModelPair m = _models.Get("small-cnn", PropagationThreshold.Default);
            float[] image = LeastConfident(m);
            Perturbation perturbation = mode == "ad" ? Perturbation.ActivationDeactivation : Perturbation.Occlusion(MaskingValue.Zero);
            var output = m.Reference.Description.Output;

            float[] engine = new Explainer(m.Engine, output).Attribute(image, perturbation, method with { BatchSize = 64 }).Attribution.ToArray();
            AttributionResult device = new Explainer(m.Gpu, output).Attribute(image, perturbation, method with { BatchSize = 64 });
            float[] deviceSmall = new Explainer(m.Gpu, output).Attribute(image, perturbation, method with { BatchSize = 7 }).Attribution.ToArray();

            float[] map = device.Attribution.ToArray();
            Assert.Equal(map, deviceSmall);
            double scale = engine.Max(v => Math.Abs(v));
            Assert.True(scale > 0, "the engine's map is all zeros: nothing to compare");
            double worst = engine.Zip(map, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= Tolerance * scale, $"{method.Method}/{mode}: device and engine maps differ by {worst:g3} (scale {scale:g3})");
        }
    }
}
