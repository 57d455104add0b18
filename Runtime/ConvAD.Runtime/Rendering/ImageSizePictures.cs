using System;
using ConvAD.Explanation;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Rendering
{
    /// <summary>
    /// An explanation drawn on the image it was asked about, at that image's own size and aspect: each pixel takes the value of
    /// the model pixel it was resized into (<see cref="FitGeometry"/>), and the parts the centre crop cut off, which the model
    /// never saw, are dimmed in the heatmap and overlay and grey in the mask, so they read as "not considered" rather than "not
    /// responsible" or "removed".
    /// </summary>
    internal static class ImageSizePictures
    {
        /// <summary>The mask's value for pixels the crop cut off (between removed, black, and kept, white).</summary>
        public static readonly Rgb24 NotConsidered = new Rgb24(128, 128, 128);

        private static readonly Rgb24 Kept = new Rgb24(255, 255, 255);

        /// <summary>The responsibility map over the image (as <see cref="ExplanationPictures.Heatmap"/>, without its legend, so it is exactly the image's size).</summary>
        public static Image<Rgb24> Heatmap(Image<Rgb24> image, FitGeometry geometry, ResponsibilityMap map, ColorMap? colorMap = null, float opacity = 0.6f)
        {
            Check(image, geometry, map.Height, map.Width);
            ColorMap colours = colorMap ?? ColorMap.Viridis;
            float max = map.Max > 0 ? map.Max : 1f;
            float o = Math.Clamp(opacity, 0f, 1f);
            return Draw(image, geometry, (pixel, mx, my) => ExplanationPictures.Tint(pixel, colours[map[my, mx] / max], o));
        }

        /// <summary>The explanation's pixels as they are, the rest greyed out (as <see cref="ExplanationPictures.Overlay"/>).</summary>
        public static Image<Rgb24> Overlay(Image<Rgb24> image, FitGeometry geometry, SufficientExplanation explanation)
        {
            Check(image, geometry, explanation.Height, explanation.Width);
            return Draw(image, geometry, (pixel, mx, my) => explanation.Contains(my, mx) ? pixel : ExplanationPictures.Removed(pixel));
        }

        /// <summary>White = in the explanation, black = removed, grey (<see cref="NotConsidered"/>) = cut off by the crop.</summary>
        public static Image<Rgb24> Mask(FitGeometry geometry, SufficientExplanation explanation)
        {
            var mask = new Image<Rgb24>(geometry.SourceWidth, geometry.SourceHeight);
            for (int y = 0; y < geometry.SourceHeight; y++)
            {
                for (int x = 0; x < geometry.SourceWidth; x++)
                {
                    mask[x, y] = !geometry.TryModelPixel(x, y, out int mx, out int my) ? NotConsidered
                        : explanation.Contains(my, mx) ? Kept : default;
                }
            }

            return mask;
        }

        private static Image<Rgb24> Draw(Image<Rgb24> image, FitGeometry geometry, Func<Rgb24, int, int, Rgb24> considered)
        {
            Image<Rgb24> picture = image.Clone();
            for (int y = 0; y < picture.Height; y++)
            {
                for (int x = 0; x < picture.Width; x++)
                {
                    Rgb24 p = picture[x, y];
                    picture[x, y] = geometry.TryModelPixel(x, y, out int mx, out int my) ? considered(p, mx, my) : Dim(p);
                }
            }

            return picture;
        }

        // A third of the brightness: still recognisable, clearly outside what the model looked at.
        private static Rgb24 Dim(Rgb24 p) => new Rgb24((byte)(p.R / 3), (byte)(p.G / 3), (byte)(p.B / 3));

        private static void Check(Image<Rgb24> image, FitGeometry geometry, int height, int width)
        {
            if (image.Width != geometry.SourceWidth || image.Height != geometry.SourceHeight || geometry.Width != width || geometry.Height != height)
            {
                throw new ArgumentException($"the image is {image.Width}×{image.Height} and the explanation {width}×{height}, but the fit maps "
                    + $"{geometry.SourceWidth}×{geometry.SourceHeight} to {geometry.Width}×{geometry.Height}");
            }
        }
    }
}
