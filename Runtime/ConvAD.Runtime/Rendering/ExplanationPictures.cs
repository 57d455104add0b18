using System;
using System.Globalization;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Rendering
{
    /// <summary>
    /// The pictures people look at: the responsibility heatmap with its legend, the explanation kept over a greyed-out image and
    /// the raw mask (the side-by-side sheet of several perturbations, with its captions, is ConvAD.Reporting's ComparisonSheet). All take the image as the model saw it
    /// (<c>ImageClassifier.Fit</c>), so pixels line up with the map.
    /// </summary>
    public static class ExplanationPictures
    {
        private static readonly Rgb24 White = new Rgb24(255, 255, 255);
        private static readonly Rgb24 Ink = new Rgb24(20, 20, 20);

        /// <summary>The responsibility map coloured through <paramref name="colorMap"/> (normalised by its maximum) over the image, with a legend on the right.</summary>
        public static Image<Rgb24> Heatmap(Image<Rgb24> fitted, ResponsibilityMap map, ColorMap? colorMap = null, float opacity = 0.6f)
        {
            Canvas tile = HeatmapTile(fitted, map, colorMap ?? ColorMap.Viridis, opacity);
            int text = PictureScale.TextScale(tile.Height);
            int labels = Math.Max(BitmapFont.Measure(Format(map.Max), text), BitmapFont.Measure(Format(map.Max / 2), text));
            int legendWidth = 6 + 12 * text + 6 + Math.Max(labels, BitmapFont.Measure(Format(0), text)) + 6;
            var canvas = new Canvas(tile.Width + legendWidth, tile.Height, White);
            canvas.Draw(tile, 0, 0);
            DrawLegend(canvas, tile.Width + 6, 0, tile.Height, map.Max, colorMap ?? ColorMap.Viridis, text);
            return canvas.ToImage();
        }

        /// <summary>The explanation's pixels as they are; every other pixel greyed out, so the explanation stands out.</summary>
        public static Image<Rgb24> Overlay(Image<Rgb24> fitted, SufficientExplanation explanation) => OverlayTile(fitted, explanation).ToImage();

        /// <summary>The pixels <paramref name="contains"/> selects as they are, every other pixel greyed out (a contrastive region's picture).</summary>
        internal static Image<Rgb24> RegionOverlay(Image<Rgb24> fitted, int height, int width, Func<int, int, bool> contains) =>
            OverlayTile(fitted, height, width, contains).ToImage();

        /// <summary>The mask at the model's resolution: white = in the explanation, black = removed.</summary>
        public static Image<Rgb24> Mask(SufficientExplanation explanation) => RegionMask(explanation.Height, explanation.Width, explanation.Contains);

        /// <summary>A mask at the model's resolution: white where <paramref name="contains"/> holds, black elsewhere.</summary>
        internal static Image<Rgb24> RegionMask(int height, int width, Func<int, int, bool> contains)
        {
            var canvas = new Canvas(width, height, default);
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    canvas[x, y] = contains(y, x) ? White : default;
                }
            }

            return canvas.ToImage();
        }

        /// <summary>The heatmap without legend, enlarged by <see cref="PictureScale.For"/>.</summary>
        internal static Canvas HeatmapTile(Image<Rgb24> fitted, ResponsibilityMap map, ColorMap colorMap, float opacity)
        {
            CheckSize(fitted, map.Height, map.Width);
            int scale = PictureScale.For(map.Height, map.Width);
            Canvas canvas = Canvas.FromImage(fitted, scale);
            float max = map.Max > 0 ? map.Max : 1f;
            float o = Math.Clamp(opacity, 0f, 1f);
            for (int y = 0; y < canvas.Height; y++)
            {
                for (int x = 0; x < canvas.Width; x++)
                {
                    canvas[x, y] = Tint(canvas[x, y], colorMap[map[y / scale, x / scale] / max], o);
                }
            }

            return canvas;
        }

        private static Canvas OverlayTile(Image<Rgb24> fitted, SufficientExplanation explanation) =>
            OverlayTile(fitted, explanation.Height, explanation.Width, explanation.Contains);

        private static Canvas OverlayTile(Image<Rgb24> fitted, int height, int width, Func<int, int, bool> contains)
        {
            CheckSize(fitted, height, width);
            int scale = PictureScale.For(height, width);
            Canvas canvas = Canvas.FromImage(fitted, scale);
            for (int y = 0; y < canvas.Height; y++)
            {
                for (int x = 0; x < canvas.Width; x++)
                {
                    if (!contains(y / scale, x / scale))
                    {
                        canvas[x, y] = Removed(canvas[x, y]);
                    }
                }
            }

            return canvas;
        }

        private static void DrawLegend(Canvas canvas, int x, int y, int height, float max, ColorMap colorMap, int text)
        {
            int barWidth = 12 * text;
            int top = y + BitmapFont.GlyphHeight * text / 2 + 2, bottom = y + height - BitmapFont.GlyphHeight * text / 2 - 2;
            for (int row = top; row <= bottom; row++)
            {
                float t = (bottom - row) / (float)Math.Max(1, bottom - top);
                canvas.FillRectangle(x, row, barWidth, 1, colorMap[t]);
            }

            foreach (float t in new[] { 0f, 0.5f, 1f })
            {
                int row = bottom - (int)Math.Round(t * (bottom - top));
                canvas.FillRectangle(x + barWidth, row, 4, 1, Ink);
                BitmapFont.Draw(canvas, Format(t * max), x + barWidth + 6, row - BitmapFont.GlyphHeight * text / 2, text, Ink);
            }
        }

        private static string Format(float value) => value >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
            : value >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("0.00", CultureInfo.InvariantCulture);

        private static void CheckSize(Image<Rgb24> fitted, int height, int width)
        {
            if (fitted.Height != height || fitted.Width != width)
            {
                throw new ArgumentException($"the image is {fitted.Width}×{fitted.Height} but the explanation is {width}×{height}: pass the image as the model sees it (ImageClassifier.Fit)");
            }
        }

        /// <summary>A heatmap pixel: the colour over a grey version of the image, so only the map carries colour.</summary>
        internal static Rgb24 Tint(Rgb24 image, Rgb24 colour, float opacity)
        {
            float grey = Luma(image);
            return new Rgb24(Mix(grey, colour.R, opacity), Mix(grey, colour.G, opacity), Mix(grey, colour.B, opacity));
        }

        /// <summary>An overlay pixel outside the explanation: light, low-contrast grey, so the removed part stays recognisable but clearly "off".</summary>
        internal static Rgb24 Removed(Rgb24 image)
        {
            byte g = (byte)(150 + Luma(image) * 0.25f);
            return new Rgb24(g, g, g);
        }

        private static float Luma(Rgb24 p) => 0.299f * p.R + 0.587f * p.G + 0.114f * p.B;

        private static byte Mix(float under, byte over, float opacity) => (byte)Math.Round(under * (1 - opacity) + over * opacity);
    }
}
