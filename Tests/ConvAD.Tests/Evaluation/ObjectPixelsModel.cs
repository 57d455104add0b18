using System;
using System.Collections.Generic;
using ConvAD.Explanation;
using ConvAD.Imaging;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>
    /// A fake two-class classifier whose answers are known by hand: P(class 1) = q = the mean over a fixed set of "object"
    /// pixels of their value clamped to [0, 1] (times the mask under AD). Class 1 is predicted iff q &gt; 0.5.
    /// Outputs probabilities, one grey channel, NCHW.
    /// </summary>
    internal sealed class ObjectPixelsModel : IExplainableModel
    {
        private readonly int[] _object;

        public ObjectPixelsModel(int height, int width, IReadOnlyList<int> objectPixels)
        {
            Shape = new ImageTensorShape(1, height, width, ImageTensorLayout.Nchw);
            _object = new List<int>(objectPixels).ToArray();
        }

        public ImageTensorShape Shape { get; }

        public int ClassCount => 2;

        public int PlainCalls { get; private set; }

        public int MaskedCalls { get; private set; }

        /// <summary>An input that is 1 on the object and 0 elsewhere (q = 1 on the whole image).</summary>
        public float[] ObjectImage()
        {
            var input = new float[Shape.Length];
            foreach (int p in _object)
            {
                input[p] = 1f;
            }

            return input;
        }

        public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores)
        {
            PlainCalls++;
            for (int i = 0; i < count; i++)
            {
                Score(images.Slice(i * Shape.Length, Shape.Length), null, scores.Slice(2 * i, 2));
            }
        }

        public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores)
        {
            MaskedCalls++;
            int pixels = Shape.Height * Shape.Width;
            for (int i = 0; i < count; i++)
            {
                Score(images.Slice(i * Shape.Length, Shape.Length), masks.Slice(i * pixels, pixels).ToArray(), scores.Slice(2 * i, 2));
            }
        }

        private void Score(ReadOnlySpan<float> image, float[]? mask, Span<float> row)
        {
            double q = 0;
            foreach (int p in _object)
            {
                q += Math.Clamp(image[p], 0f, 1f) * (mask == null ? 1f : mask[p]);
            }

            q /= _object.Length;
            row[0] = (float)(1 - q);
            row[1] = (float)q;
        }
    }
}
