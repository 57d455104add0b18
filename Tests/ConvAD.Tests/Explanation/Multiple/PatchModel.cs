using System;
using ConvAD.Explanation;
using ConvAD.Imaging;

namespace ConvAD.Tests.Explanation.Multiple
{
    /// <summary>
    /// A synthetic classifier whose classes are decided by square patches, so the explanations have known answers. The image is
    /// all ones: a pixel is present when its mask is 1 under AD and when its value is 1 under zero occlusion. Each class's score
    /// (a probability) is a function of the share of each patch that is present.
    /// </summary>
    internal sealed class PatchModel : IExplainableModel
    {
        public const int Side = 16;

        private readonly Func<Func<Patch, double>, double>[] _classes;

        public PatchModel(params Func<Func<Patch, double>, double>[] classes)
        {
            Shape = new ImageTensorShape(1, Side, Side, ImageTensorLayout.Nchw);
            _classes = classes;
        }

        /// <summary>Top left, 4×4.</summary>
        public static Patch A => new Patch(2, 2, 4);

        /// <summary>Bottom right, 4×4, disjoint from A.</summary>
        public static Patch B => new Patch(10, 10, 4);

        public ImageTensorShape Shape { get; }

        public int ClassCount => _classes.Length;

        public float[] Image()
        {
            var image = new float[Shape.Length];
            Array.Fill(image, 1f);
            return image;
        }

        public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores) => Run(images, count, scores);

        public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores) => Run(masks, count, scores);

        private void Run(ReadOnlySpan<float> presence, int count, Span<float> scores)
        {
            int pixels = Side * Side;
            for (int i = 0; i < count; i++)
            {
                float[] present = presence.Slice(i * pixels, pixels).ToArray();
                double Share(Patch p) => p.PresentShare(present);
                for (int c = 0; c < _classes.Length; c++)
                {
                    scores[i * _classes.Length + c] = (float)_classes[c](Share);
                }
            }
        }

        /// <summary>A square of <paramref name="Size"/> pixels per side at (<paramref name="Row"/>, <paramref name="Column"/>).</summary>
        internal readonly record struct Patch(int Row, int Column, int Size)
        {
            public int Area => Size * Size;

            public bool Contains(int pixel) => pixel / Side >= Row && pixel / Side < Row + Size && pixel % Side >= Column && pixel % Side < Column + Size;

            public double PresentShare(ReadOnlySpan<float> present)
            {
                int on = 0;
                for (int y = Row; y < Row + Size; y++)
                {
                    for (int x = Column; x < Column + Size; x++)
                    {
                        on += present[y * Side + x] != 0f ? 1 : 0;
                    }
                }

                return on / (double)Area;
            }

            /// <summary>How many of the mask's selected pixels lie in the patch.</summary>
            public int Count(ReadOnlySpan<float> mask)
            {
                int n = 0;
                for (int p = 0; p < mask.Length; p++)
                {
                    n += mask[p] != 0f && Contains(p) ? 1 : 0;
                }

                return n;
            }
        }
    }
}
