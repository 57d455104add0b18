using System;
using ConvAD.Description;
using ConvAD.Explanation;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary>Runs an attribution method on a <see cref="PresenceModel"/>, whose scores are probabilities (confidence = score).</summary>
    internal static class MethodHarness
    {
        public static readonly Perturbation[] PresenceModes = { Perturbation.ActivationDeactivation, Perturbation.Occlusion(MaskingValue.Zero) };

        public static float[] Map(PresenceModel model, AttributionOptions options, Perturbation perturbation, float[]? image = null) =>
            new Explainer(model, OutputKind.Probabilities).Attribute(image ?? model.Image(), perturbation, options).Attribution.ToArray();

        /// <summary>Values 0 … 1 across the image: random masking values then really vary (an all-ones image has min = max).</summary>
        public static float[] Ramp(PresenceModel model)
        {
            var image = new float[model.Shape.Length];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = i / (float)(image.Length - 1);
            }

            return image;
        }

        public static double[] RandomWeights(int count, int seed)
        {
            var random = new Random(seed);
            var w = new double[count];
            for (int i = 0; i < count; i++)
            {
                w[i] = random.NextDouble() * 2 - 1;
            }

            return w;
        }
    }
}
