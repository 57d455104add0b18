using System;
using System.Collections.Generic;
using System.Globalization;
using ConvAD.Charts;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace ConvAD.Rendering
{
    /// <summary>
    /// Like the paper's Fig. 1: the original, then one column per result (its overlay above its heatmap), captioned with the
    /// perturbation, the explanation's share of pixels and its confidence, in the charts' bundled font. The pictures are
    /// <see cref="ExplanationPictures"/>' own, so the sheet shows exactly what each explanation's files show.
    /// </summary>
    public static class ComparisonSheet
    {
        private const int Gap = 10;
        private const float TextSize = 18;
        private const float Line = 24;

        /// <summary>Draws the sheet for <paramref name="results"/> (at least one) of <paramref name="fitted"/> and writes it as a PNG, atomically.</summary>
        public static void Write(string path, Image<Rgb24> fitted, IReadOnlyList<ExplanationResult> results, ColorMap? colorMap = null)
        {
            ArgumentNullException.ThrowIfNull(fitted);
            ArgumentNullException.ThrowIfNull(results);
            if (results.Count == 0)
            {
                throw new ArgumentException("a comparison needs at least one explanation", nameof(results));
            }

            int scale = PictureScale.For(fitted.Height, fitted.Width);
            int w = fitted.Width * scale, h = fitted.Height * scale;
            int header = (int)Line + Gap;
            int captionTop = header + 2 * h + Gap + Gap / 2;
            int width = Gap + (results.Count + 1) * (w + Gap), height = captionTop + 3 * (int)Line + Gap;
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            SKCanvas canvas = surface.Canvas;
            canvas.Clear(SKColors.White);
            using var font = new SKFont(ChartFont.Typeface, TextSize);
            using var ink = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
            ExplanationResult first = results[0];
            canvas.DrawText($"{first.Target.Label} {Number(first.Target.Confidence, "0.00")}", Gap, Line - 6, SKTextAlign.Left, font, ink);

            using (Image<Rgb24> original = Canvas.FromImage(fitted, scale).ToImage())
            {
                Draw(canvas, original, Gap, header);
            }

            Caption(canvas, font, ink, Gap + w / 2f, captionTop, "original");
            for (int i = 0; i < results.Count; i++)
            {
                ExplanationResult r = results[i];
                int x = Gap + (i + 1) * (w + Gap);
                using (Image<Rgb24> overlay = ExplanationPictures.Overlay(fitted, r.Explanation))
                {
                    Draw(canvas, overlay, x, header);
                }

                using (Image<Rgb24> heatmap = ExplanationPictures.HeatmapTile(fitted, r.Responsibility, colorMap ?? ColorMap.Viridis, 0.6f).ToImage())
                {
                    Draw(canvas, heatmap, x, header + h + Gap / 2);
                }

                Caption(canvas, font, ink, x + w / 2f, captionTop, r.Perturbation.Name == "ad" ? "AD" : r.Perturbation.Name,
                    Number(100 * r.Explanation.AreaFraction, "0.0") + "% of pixels", "P = " + Number(r.Explanation.Confidence, "0.00"));
            }

            using SKImage image = surface.Snapshot();
            using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
            AtomicFile.Write(path, s => png.SaveTo(s));
        }

        private static void Caption(SKCanvas canvas, SKFont font, SKPaint ink, float centre, int top, params string[] lines)
        {
            for (int l = 0; l < lines.Length; l++)
            {
                canvas.DrawText(lines[l], centre, top + (l + 1) * Line - 6, SKTextAlign.Center, font, ink);
            }
        }

        /// <summary>Copies an RGB picture onto the canvas with its top-left corner at (x, y), pixel for pixel.</summary>
        private static void Draw(SKCanvas canvas, Image<Rgb24> picture, int x, int y)
        {
            var rgb = new Rgb24[picture.Width * picture.Height];
            picture.CopyPixelDataTo(rgb);
            using var bitmap = new SKBitmap(new SKImageInfo(picture.Width, picture.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            var rgba = new byte[rgb.Length * 4];
            for (int i = 0; i < rgb.Length; i++)
            {
                rgba[4 * i] = rgb[i].R;
                rgba[4 * i + 1] = rgb[i].G;
                rgba[4 * i + 2] = rgb[i].B;
                rgba[4 * i + 3] = 255;
            }

            System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
            canvas.DrawBitmap(bitmap, x, y);
        }

        private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
    }
}
