using System;
using System.Buffers;
using ConvAD.Description;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Imaging
{
    /// <summary>
    /// Turns an <see cref="Image{Rgb24}"/> into one image's slice of a model input tensor, following a sidecar's
    /// <see cref="Preprocessing"/>. Writes into caller memory so a batch is filled image by image without copies.
    /// </summary>
    public static class Preprocessor
    {
        /// <summary>
        /// Resizes/crops as <paramref name="preprocessing"/> says (an image already at the input size is not resampled),
        /// then writes the normalised values. The input image is not modified.
        /// </summary>
        /// <param name="image">The decoded image, any size.</param>
        /// <param name="preprocessing">How pixels become input values, and how the image is resized.</param>
        /// <param name="shape">One image's slice of the model's input tensor: channels, height, width and layout.</param>
        /// <param name="destination">Exactly <see cref="ImageTensorShape.Length"/> floats: the slice for this image.</param>
        public static void Write(Image<Rgb24> image, Preprocessing preprocessing, ImageTensorShape shape, Span<float> destination)
        {
            ArgumentNullException.ThrowIfNull(image);
            ArgumentNullException.ThrowIfNull(preprocessing);
            shape.Check();
            using Image<Rgb24>? fitted = ImageFitter.FitOrNull(image, preprocessing, shape.Width, shape.Height);
            WriteFitted(fitted ?? image, preprocessing, shape, destination);
        }

        /// <summary>
        /// A new image at the input size, as the model sees it (resized or cropped per <paramref name="preprocessing"/>).
        /// Explainers mask this image, so <see cref="Write"/> on it changes no geometry. The caller disposes it.
        /// </summary>
        public static Image<Rgb24> Fit(Image<Rgb24> image, Preprocessing preprocessing, int width, int height)
        {
            ArgumentNullException.ThrowIfNull(image);
            ArgumentNullException.ThrowIfNull(preprocessing);
            if (width <= 0 || height <= 0)
            {
                throw new ArgumentException($"input size {width}×{height} is not positive");
            }

            return ImageFitter.FitOrNull(image, preprocessing, width, height) ?? image.Clone();
        }

        private static void WriteFitted(Image<Rgb24> image, Preprocessing preprocessing, ImageTensorShape shape, Span<float> destination)
        {
            if (shape.Channels != preprocessing.Channels)
            {
                throw new ArgumentException(
                    $"colorOrder {preprocessing.ColorOrder} gives {preprocessing.Channels} channel(s) but the input has {shape.Channels}");
            }

            if (destination.Length != shape.Length)
            {
                throw new ArgumentException($"destination holds {destination.Length} floats; a {shape} image needs {shape.Length}");
            }

            // Every channel is a function of one byte, so a 256-entry table per channel replaces the per-pixel arithmetic.
            Span<float> table = stackalloc float[3 * 256];
            for (int c = 0; c < shape.Channels; c++)
            {
                for (int p = 0; p < 256; p++)
                {
                    table[c * 256 + p] = preprocessing.Map(c, (byte)p);
                }
            }

            // ProcessPixelRows callbacks cannot capture a Span, so the pixels are copied once into pooled memory instead.
            int pixelCount = shape.Height * shape.Width;
            Rgb24[] rented = ArrayPool<Rgb24>.Shared.Rent(pixelCount);
            try
            {
                Span<Rgb24> pixels = rented.AsSpan(0, pixelCount);
                image.CopyPixelDataTo(pixels);
                Convert(pixels, table, preprocessing.ColorOrder, shape.Layout, destination);
            }
            finally
            {
                ArrayPool<Rgb24>.Shared.Return(rented);
            }
        }

        private static void Convert(ReadOnlySpan<Rgb24> pixels, ReadOnlySpan<float> table, ColorOrder order, ImageTensorLayout layout, Span<float> destination)
        {
            ReadOnlySpan<float> t0 = table.Slice(0, 256), t1 = table.Slice(256, 256), t2 = table.Slice(512, 256);
            int n = pixels.Length;
            if (order == ColorOrder.Gray)
            {
                // Gray is one channel, so NCHW and NHWC are the same memory order.
                for (int i = 0; i < n; i++)
                {
                    destination[i] = t0[Luma(pixels[i])];
                }

                return;
            }

            bool bgr = order == ColorOrder.Bgr;
            if (layout == ImageTensorLayout.Nchw)
            {
                Span<float> d0 = destination.Slice(0, n), d1 = destination.Slice(n, n), d2 = destination.Slice(2 * n, n);
                for (int i = 0; i < n; i++)
                {
                    Rgb24 p = pixels[i];
                    d0[i] = t0[bgr ? p.B : p.R];
                    d1[i] = t1[p.G];
                    d2[i] = t2[bgr ? p.R : p.B];
                }
            }
            else
            {
                for (int i = 0, j = 0; i < n; i++, j += 3)
                {
                    Rgb24 p = pixels[i];
                    destination[j] = t0[bgr ? p.B : p.R];
                    destination[j + 1] = t1[p.G];
                    destination[j + 2] = t2[bgr ? p.R : p.B];
                }
            }
        }

        /// <summary>ITU-R 601 luma in PIL's fixed-point form (weights sum to 65536), so R = G = B = v gives exactly v.</summary>
        internal static byte Luma(Rgb24 p) => (byte)((p.R * 19595 + p.G * 38470 + p.B * 7471 + 0x8000) >> 16);
    }
}
