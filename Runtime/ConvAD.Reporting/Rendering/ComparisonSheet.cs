using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
    /// <see cref="ExplanationPictures"/>' own, so the sheet shows exactly what each explanation's files show. With several
    /// methods (<see cref="Explainer.Compare"/>) the sheet is a grid: one row per method, one column per perturbation.
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
                DrawCell(canvas, font, ink, fitted, results[i], Gap + (i + 1) * (w + Gap), header, w, h, colorMap, withPerturbation: true);
            }

            Save(surface, path);
        }

        /// <summary>
        /// Draws the methods × modes sheet for <paramref name="rows"/> (one per method, as <see cref="Explainer.Compare"/> returns
        /// them: every row the same perturbations in the same order) and writes it as a PNG, atomically. Under a title line and a
        /// line naming each column's perturbation, each row starts with the original and its method's name, then per
        /// perturbation the explanation's overlay above the method's map, captioned with the share of pixels and the confidence.
        /// A single row of the causal-responsibility search is drawn exactly as <see cref="Write(string, Image{Rgb24}, IReadOnlyList{ExplanationResult}, ColorMap?)"/> draws it.
        /// </summary>
        public static void Write(string path, Image<Rgb24> fitted, IReadOnlyList<IReadOnlyList<ExplanationResult>> rows, ColorMap? colorMap = null)
        {
            ArgumentNullException.ThrowIfNull(fitted);
            ArgumentNullException.ThrowIfNull(rows);
            if (rows.Count == 0 || rows.Any(r => r == null || r.Count == 0))
            {
                throw new ArgumentException("a comparison needs at least one method with at least one explanation", nameof(rows));
            }

            IReadOnlyList<ExplanationResult> first = rows[0];
            if (rows.Any(r => r.Count != first.Count || r.Where((e, i) => !e.Perturbation.Equals(first[i].Perturbation)).Any()))
            {
                throw new ArgumentException("every method's row must hold the same perturbations in the same order", nameof(rows));
            }

            if (rows.Count == 1 && first.All(r => r.Method == Explainer.RexMethod))
            {
                Write(path, fitted, first, colorMap);
                return;
            }

            int scale = PictureScale.For(fitted.Height, fitted.Width);
            int w = fitted.Width * scale, h = fitted.Height * scale;
            int top = (int)Line + Gap + (int)Line; // the title line, then the columns' perturbations
            int rowHeight = 2 * h + Gap + Gap / 2 + 2 * (int)Line + Gap;
            int width = Gap + (first.Count + 1) * (w + Gap), height = top + rows.Count * rowHeight;
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            SKCanvas canvas = surface.Canvas;
            canvas.Clear(SKColors.White);
            using var font = new SKFont(ChartFont.Typeface, TextSize);
            using var ink = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
            canvas.DrawText($"{first[0].Target.Label} {Number(first[0].Target.Confidence, "0.00")}", Gap, Line - 6, SKTextAlign.Left, font, ink);
            for (int c = 0; c < first.Count; c++)
            {
                Caption(canvas, font, ink, Gap + (c + 1) * (w + Gap) + w / 2f, (int)Line + Gap / 2, PerturbationName(first[c].Perturbation));
            }

            using Image<Rgb24> original = Canvas.FromImage(fitted, scale).ToImage();
            for (int m = 0; m < rows.Count; m++)
            {
                int y = top + m * rowHeight;
                Draw(canvas, original, Gap, y);
                // The method's name in the left column's second slot, level with the maps it made.
                canvas.DrawText(rows[m][0].Method, Gap + w / 2f, y + h + Gap / 2 + h / 2f + TextSize / 3, SKTextAlign.Center, font, ink);
                for (int c = 0; c < rows[m].Count; c++)
                {
                    DrawCell(canvas, font, ink, fitted, rows[m][c], Gap + (c + 1) * (w + Gap), y, w, h, colorMap, withPerturbation: false);
                }
            }

            Save(surface, path);
        }

        /// <summary>One result's overlay above its map, then its caption: the perturbation (when the sheet has no column line), share of pixels, confidence.</summary>
        private static void DrawCell(SKCanvas canvas, SKFont font, SKPaint ink, Image<Rgb24> fitted, ExplanationResult r, int x, int y, int w, int h,
            ColorMap? colorMap, bool withPerturbation)
        {
            using (Image<Rgb24> overlay = ExplanationPictures.Overlay(fitted, r.Explanation))
            {
                Draw(canvas, overlay, x, y);
            }

            using (Image<Rgb24> heatmap = ExplanationPictures.HeatmapTile(fitted, r.Responsibility, colorMap ?? ColorMap.Viridis, 0.6f).ToImage())
            {
                Draw(canvas, heatmap, x, y + h + Gap / 2);
            }

            string area = AreaCaption(r.Explanation), confidence = "P = " + Number(r.Explanation.Confidence, "0.00");
            int captionTop = y + 2 * h + Gap + Gap / 2;
            if (withPerturbation)
            {
                Caption(canvas, font, ink, x + w / 2f, captionTop, PerturbationName(r.Perturbation), area, confidence);
            }
            else
            {
                Caption(canvas, font, ink, x + w / 2f, captionTop, area, confidence);
            }
        }

        /// <summary>
        /// A cell's size line. An explanation that is not sufficient is the whole image or nothing, not an explanation of that
        /// size: "0.0% of pixels" would read as a tiny one.
        /// </summary>
        internal static string AreaCaption(SufficientExplanation e) =>
            e.IsSufficient ? Number(100 * e.AreaFraction, "0.0") + "% of pixels" : "none sufficient";

        private static string PerturbationName(Perturbation p) => p.Name == "ad" ? "AD" : p.Name;

        private static void Save(SKSurface surface, string path)
        {
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
