using System;
using ConvAD.Explanation;
using ConvAD.Imaging;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary>
    /// A synthetic classifier with a known answer: class 0's score is a function of which pixels are present, class 1 never
    /// wins. The image is all ones, so a pixel is present when its value is 1 under zero occlusion and when its mask is 1
    /// under AD: both modes must give the same attribution.
    /// </summary>
    internal sealed class PresenceModel : IExplainableModel
    {
        private readonly Func<float[], double> _score;

        public PresenceModel(int height, int width, Func<float[], double> score)
        {
            Shape = new ImageTensorShape(1, height, width, ImageTensorLayout.Nchw);
            _score = score;
        }

        public ImageTensorShape Shape { get; }

        public int ClassCount => 2;

        public float[] Image() => Fill(new float[Shape.Length]);

        public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores) => Run(images, count, scores);

        public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores) => Run(masks, count, scores);

        /// <summary>A linear score over pixels: bias + Σ weight·present.</summary>
        public static Func<float[], double> Linear(double bias, double[] weights) => present =>
        {
            double s = bias;
            for (int p = 0; p < present.Length; p++)
            {
                s += weights[p] * present[p];
            }

            return s;
        };

        private static float[] Fill(float[] a)
        {
            Array.Fill(a, 1f);
            return a;
        }

        private void Run(ReadOnlySpan<float> presence, int count, Span<float> scores)
        {
            int pixels = Shape.Height * Shape.Width;
            for (int i = 0; i < count; i++)
            {
                scores[i * 2] = (float)_score(presence.Slice(i * pixels, pixels).ToArray());
                scores[i * 2 + 1] = -1e6f;
            }
        }
    }
}
