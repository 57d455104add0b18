using System;
using ConvAD.Explanation;
using ConvAD.Imaging;

namespace ConvAD.Tests.Explanation
{
    /// <summary>
    /// An AD decorator that overwrites every removed pixel of every mutant with fresh noise before the ConvAD forward.
    /// If no verdict depends on removed pixels, explanations through it are identical to explanations without it.
    /// </summary>
    internal sealed class NoisyRemovedPixelsModel : IExplainableModel
    {
        private readonly IExplainableModel _inner;
        private readonly Random _random = new Random(12345);

        public NoisyRemovedPixelsModel(IExplainableModel inner) => _inner = inner;

        public int PixelsOverwritten { get; private set; }

        public ImageTensorShape Shape => _inner.Shape;

        public int ClassCount => _inner.ClassCount;

        public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores) => _inner.RunPlain(images, count, scores);

        public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores)
        {
            float[] noisy = images.ToArray();
            int pixels = Shape.Height * Shape.Width;
            for (int i = 0; i < count; i++)
            {
                for (int p = 0; p < pixels; p++)
                {
                    if (masks[i * pixels + p] != 0f)
                    {
                        continue;
                    }

                    PixelsOverwritten++;
                    for (int c = 0; c < Shape.Channels; c++)
                    {
                        int e = Shape.Layout == ImageTensorLayout.Nchw ? i * Shape.Length + c * pixels + p : i * Shape.Length + p * Shape.Channels + c;
                        noisy[e] = (float)(_random.NextDouble() * 500 - 250);
                    }
                }
            }

            _inner.RunMasked(noisy, masks, count, scores);
        }
    }
}
