using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Explanation;
using ConvAD.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// The K backgrounds of the ρ-robustness test. With kinds k_0 … k_(n−1), background j is of kind k_(j mod n) (for K = 20
    /// and three kinds, 7 + 7 + 6) and is drawn from its own key (seed, j), so it is the same for a given seed whatever K,
    /// the machine or the .NET version. The legacy set (uniform noise, solid colour, blurred noise) draws exactly the
    /// backgrounds of the previous protocol.
    /// </summary>
    public static class NonInformativeBackgrounds
    {
        /// <summary>K, the number of backgrounds the ρ-robustness test uses unless told otherwise.</summary>
        public const int DefaultCount = 20;

        // Keeps the backgrounds' random stream apart from every stream the explainer draws from the same seed.
        private const long BackgroundStream = -1_000;

        /// <summary>The kind of background <paramref name="index"/> (0-based) in the default set: kinds cycle with the index.</summary>
        public static BackgroundKind KindOf(int index) => BackgroundSet.DefaultKind(index);

        /// <summary>Side of the square tiles of <see cref="BackgroundKind.ShuffledTiles"/>, in input pixels.</summary>
        public const int TileSize = 16;

        // σ = min(H, W) / divisor, in turn, for the multiscale blurred noise.
        private static readonly double[] BlobScales = { 32, 16, 8, 4 };

        /// <summary>The legacy set (uniform noise, solid colour, blurred noise), as the previous protocol drew it.</summary>
        public static IReadOnlyList<Background> Generate(int count, int width, int height, long seed) =>
            Generate(count, width, height, seed, BackgroundKinds.LegacySet);

        /// <summary>
        /// <paramref name="count"/> backgrounds cycling through <paramref name="kinds"/>. Shuffled tiles need
        /// <paramref name="tileSources"/>: pictures at least <see cref="TileSize"/> pixels on each side (the repository's photos).
        /// </summary>
        public static IReadOnlyList<Background> Generate(int count, int width, int height, long seed, IReadOnlyList<BackgroundKind> kinds,
            IReadOnlyList<Background>? tileSources = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
            ArgumentNullException.ThrowIfNull(kinds);
            if (kinds.Count == 0)
            {
                throw new ArgumentException("at least one background kind is needed", nameof(kinds));
            }

            Background[] sources = (tileSources ?? Array.Empty<Background>()).Where(s => s.Width >= TileSize && s.Height >= TileSize).ToArray();
            if (kinds.Contains(BackgroundKind.ShuffledTiles) && sources.Length == 0)
            {
                throw new ArgumentException($"shuffled tiles need at least one source picture of {TileSize}×{TileSize} pixels or more", nameof(tileSources));
            }

            var result = new Background[count];
            for (int j = 0; j < count; j++)
            {
                result[j] = Draw(kinds[j % kinds.Count], j / kinds.Count, width, height, SplitMix64.Key(seed, BackgroundStream, j), sources);
            }

            return result;
        }

        private static Background Draw(BackgroundKind kind, int occurrence, int width, int height, ulong key, Background[] sources)
        {
            var rng = new SplitMix64(key);
            var pixels = new Rgb24[width * height];
            switch (kind)
            {
                case BackgroundKind.MultiscaleBlurredNoise:
                    BlurredNoise(ref rng, width, height, pixels, Math.Min(width, height) / BlobScales[occurrence % BlobScales.Length]);
                    break;
                case BackgroundKind.Gradient:
                    Gradient(ref rng, width, height, pixels);
                    break;
                case BackgroundKind.ShuffledTiles:
                    Tiles(ref rng, width, height, pixels, sources);
                    break;
                case BackgroundKind.SolidColour:
                    pixels.AsSpan().Fill(new Rgb24(Byte(ref rng), Byte(ref rng), Byte(ref rng)));
                    break;
                case BackgroundKind.UniformNoise:
                    for (int p = 0; p < pixels.Length; p++)
                    {
                        pixels[p] = new Rgb24(Byte(ref rng), Byte(ref rng), Byte(ref rng));
                    }

                    break;
                case BackgroundKind.BlurredNoise:
                    BlurredNoise(ref rng, width, height, pixels, Math.Min(width, height) / 16.0);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }

            return new Background(kind, width, height, pixels);
        }

        /// <summary>Four random corner colours, bilinearly interpolated: neighbouring pixels differ by at most 255 / (side − 1) + 1 per channel.</summary>
        private static void Gradient(ref SplitMix64 rng, int width, int height, Rgb24[] pixels)
        {
            var corners = new float[4, 3];
            for (int c = 0; c < 4; c++)
            {
                for (int ch = 0; ch < 3; ch++)
                {
                    corners[c, ch] = Byte(ref rng);
                }
            }

            var rgb = new byte[3];
            for (int y = 0; y < height; y++)
            {
                float v = height > 1 ? y / (float)(height - 1) : 0f;
                for (int x = 0; x < width; x++)
                {
                    float u = width > 1 ? x / (float)(width - 1) : 0f;
                    for (int ch = 0; ch < 3; ch++)
                    {
                        float top = corners[0, ch] + u * (corners[1, ch] - corners[0, ch]);
                        float bottom = corners[2, ch] + u * (corners[3, ch] - corners[2, ch]);
                        rgb[ch] = (byte)Math.Clamp(MathF.Round(top + v * (bottom - top)), 0f, 255f);
                    }

                    pixels[y * width + x] = new Rgb24(rgb[0], rgb[1], rgb[2]);
                }
            }
        }

        /// <summary>
        /// Each <see cref="TileSize"/>² cell (clipped at the right and bottom edges) is a crop of a random source picture at a
        /// random position, never the position the cell has in the background: no tile stays in its place.
        /// </summary>
        private static void Tiles(ref SplitMix64 rng, int width, int height, Rgb24[] pixels, Background[] sources)
        {
            for (int ty = 0; ty < height; ty += TileSize)
            {
                for (int tx = 0; tx < width; tx += TileSize)
                {
                    Background source = sources[rng.NextInt(sources.Length)];
                    int sx, sy;
                    do
                    {
                        sx = rng.NextInt(source.Width - TileSize + 1);
                        sy = rng.NextInt(source.Height - TileSize + 1);
                    }
                    while (sx == tx && sy == ty && (source.Width > TileSize || source.Height > TileSize));

                    ReadOnlySpan<Rgb24> from = source.Pixels;
                    for (int y = ty; y < Math.Min(height, ty + TileSize); y++)
                    {
                        for (int x = tx; x < Math.Min(width, tx + TileSize); x++)
                        {
                            pixels[y * width + x] = from[(sy + y - ty) * source.Width + sx + x - tx];
                        }
                    }
                }
            }
        }

        private static void BlurredNoise(ref SplitMix64 rng, int width, int height, Rgb24[] pixels, double sigma)
        {
            int n = width * height;
            var planes = new float[3 * n];
            for (int i = 0; i < planes.Length; i++)
            {
                planes[i] = rng.NextFloat();
            }

            var shape = new ImageTensorShape(3, height, width, ImageTensorLayout.Nchw);
            float[] blurred = GaussianBlur.Apply(planes, shape, Math.Max(1.0, sigma));

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
