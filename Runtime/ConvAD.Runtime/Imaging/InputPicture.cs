using System;
using ConvAD.Description;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Imaging
{
    /// <summary>
    /// The picture an input tensor shows: <see cref="Preprocessor"/>'s normalisation undone, each value to the nearest pixel byte.
    /// An explanation of a tensor that did not come from a picture (a generated class's <c>Input</c> built from values) still
    /// needs one to draw its heatmap and overlay on.
    /// </summary>
    public static class InputPicture
    {
        /// <summary>
        /// A new <paramref name="shape"/>-sized image whose preprocessing gives back <paramref name="input"/> (to within
        /// one pixel step; values outside the pixel range are clamped). A one-channel input becomes a grey image. The caller disposes it.
        /// </summary>
        public static Image<Rgb24> From(ReadOnlySpan<float> input, Preprocessing preprocessing, ImageTensorShape shape)
        {
            ArgumentNullException.ThrowIfNull(preprocessing);
            shape.Check();
            if (input.Length != shape.Length)
            {
                throw new ArgumentException($"a {shape} input holds {shape.Length} values, got {input.Length}", nameof(input));
            }

            if (shape.Channels != preprocessing.Channels)
            {
                throw new ArgumentException($"colorOrder {preprocessing.ColorOrder} gives {preprocessing.Channels} channel(s) but the input has {shape.Channels}");
            }

            // Preprocessing.Map is value = ((low + (high − low)·p/255) − mean) / std, so p = value·scale + offset per channel.
            Span<double> scale = stackalloc double[3], offset = stackalloc double[3];
            for (int c = 0; c < shape.Channels; c++)
            {
                double mean = preprocessing.Mean.Count == 1 ? preprocessing.Mean[0] : preprocessing.Mean[c];
                double std = preprocessing.Std.Count == 1 ? preprocessing.Std[0] : preprocessing.Std[c];
                double perByte = (preprocessing.PixelHigh - preprocessing.PixelLow) / 255.0;
                scale[c] = std / perByte;
                offset[c] = (mean - preprocessing.PixelLow) / perByte;
            }

            int pixels = shape.Height * shape.Width;
            var image = new Image<Rgb24>(shape.Width, shape.Height);
            bool bgr = preprocessing.ColorOrder == ColorOrder.Bgr;
            for (int i = 0; i < pixels; i++)
            {
                byte c0 = Pixel(input[Index(shape, 0, i, pixels)], scale[0], offset[0]);
                Rgb24 p = shape.Channels == 1
                    ? new Rgb24(c0, c0, c0)
                    : Colour(c0, Pixel(input[Index(shape, 1, i, pixels)], scale[1], offset[1]), Pixel(input[Index(shape, 2, i, pixels)], scale[2], offset[2]), bgr);
                image[i % shape.Width, i / shape.Width] = p;
            }

            return image;
        }

        private static int Index(ImageTensorShape shape, int channel, int pixel, int pixels) =>
            shape.Layout == ImageTensorLayout.Nchw ? channel * pixels + pixel : pixel * shape.Channels + channel;

        private static Rgb24 Colour(byte c0, byte c1, byte c2, bool bgr) => bgr ? new Rgb24(c2, c1, c0) : new Rgb24(c0, c1, c2);

        private static byte Pixel(float value, double scale, double offset)
        {
            double p = value * scale + offset;
            return double.IsNaN(p) ? (byte)0 : (byte)Math.Clamp(Math.Round(p), 0, 255);
        }
    }
}
