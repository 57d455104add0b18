using System;
using System.Collections.Generic;
using ConvAD.Explanation;
using ConvAD.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// The K backgrounds of the ρ-robustness test. Background j is of kind j mod 3 (uniform noise, solid colour, blurred
    /// noise: for K = 20, 7 + 7 + 6) and is drawn from its own key (seed, j), so it is the same for a given seed whatever K,
    /// the machine or the .NET version.
    /// </summary>
    public static class NonInformativeBackgrounds
    {
        public const int DefaultCount = 20;

        // Keeps the backgrounds' random stream apart from every stream the explainer draws from the same seed.
        private const long BackgroundStream = -1_000;

        public static BackgroundKind KindOf(int index) => BackgroundSet.DefaultKind(index);

        public static IReadOnlyList<Background> Generate(int count, int width, int height, long seed)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
            var result = new Background[count];
            for (int j = 0; j < count; j++)
            {
                result[j] = Draw(KindOf(j), width, height, SplitMix64.Key(seed, BackgroundStream, j));
            }

            return result;
        }

        private static Background Draw(BackgroundKind kind, int width, int height, ulong key)
        {
            var rng = new SplitMix64(key);
            var pixels = new Rgb24[width * height];
            switch (kind)
            {
                case BackgroundKind.SolidColour:
                    pixels.AsSpan().Fill(new Rgb24(Byte(ref rng), Byte(ref rng), Byte(ref rng)));
                    break;
                case BackgroundKind.UniformNoise:
                    for (int p = 0; p < pixels.Length; p++)
                    {
                        pixels[p] = new Rgb24(Byte(ref rng), Byte(ref rng), Byte(ref rng));
                    }

                    break;
                default:
                    BlurredNoise(ref rng, width, height, pixels);
                    break;
            }

            return new Background(kind, width, height, pixels);
        }

        private static void BlurredNoise(ref SplitMix64 rng, int width, int height, Rgb24[] pixels)
        {
            int n = width * height;
            var planes = new float[3 * n];
            for (int i = 0; i < planes.Length; i++)
            {
                planes[i] = rng.NextFloat();
            }

            var shape = new ImageTensorShape(3, height, width, ImageTensorLayout.Nchw);
            float[] blurred = GaussianBlur.Apply(planes, shape, Math.Max(1.0, Math.Min(width, height) / 16.0));

            // A blur of uniform noise is nearly flat grey; stretching each channel back to 0..255 keeps smooth, visible colour
            // blobs, which is what makes it a different background from a solid colour.
            var bytes = new byte[3 * n];
            for (int c = 0; c < 3; c++)
            {
                Span<float> plane = blurred.AsSpan(c * n, n);
                float min = float.PositiveInfinity, max = float.NegativeInfinity;
                foreach (float v in plane)
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                float range = max > min ? max - min : 1f;
                for (int p = 0; p < n; p++)
                {
                    bytes[c * n + p] = (byte)Math.Clamp(MathF.Round(255f * (plane[p] - min) / range), 0f, 255f);
                }
            }

            for (int p = 0; p < n; p++)
            {
                pixels[p] = new Rgb24(bytes[p], bytes[n + p], bytes[2 * n + p]);
            }
        }

        private static byte Byte(ref SplitMix64 rng) => (byte)rng.NextInt(256);
    }
}
