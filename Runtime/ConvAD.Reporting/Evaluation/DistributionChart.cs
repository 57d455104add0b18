using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// A value's distribution per mode as horizontal box plots (whiskers min–max, box the quartiles, a dark median line)
    /// with every image drawn as a tick, since a run has tens of images, not thousands.
    /// </summary>
    public static class DistributionChart
    {
        private const int Left = 56;
        private const int Right = 20;
        private const int PlotWidth = 420;
        private const int Row = 22;

        /// <summary>
        /// <paramref name="values"/>: one list per mode, in the order of <paramref name="modes"/>. The axis runs from 0 to a round
        /// number above the largest value (<paramref name="percent"/> labels it in %).
        /// </summary>
        public static Image<Rgb24> Render(string title, IReadOnlyList<string> modes, IReadOnlyList<IReadOnlyList<double>> values, bool percent)
        {
            ArgumentNullException.ThrowIfNull(modes);
            ArgumentNullException.ThrowIfNull(values);
            if (modes.Count == 0 || modes.Count != values.Count)
            {
                throw new ArgumentException("one list of values per mode is needed");
            }

            double largest = values.SelectMany(v => v).Where(double.IsFinite).DefaultIfEmpty(1).Max();
            var axis = ChartAxis.Covering(largest);
            int top = 22;
            int bottom = top + modes.Count * Row + 4;
            int width = Math.Max(Left + PlotWidth + Right, BitmapFont.Measure(title, 1) + 2 * Right);
            var canvas = new Canvas(width, bottom + 20, ChartPalette.Background);
            BitmapFont.Draw(canvas, title, Right, 6, 1, ChartPalette.Ink);
            axis.DrawHorizontal(canvas, Left, top, bottom, PlotWidth, percent);
            for (int m = 0; m < modes.Count; m++)
            {
                int y = top + m * Row + Row / 2 + 2;
                BitmapFont.Draw(canvas, modes[m], Left - 6 - BitmapFont.Measure(modes[m], 1), y - BitmapFont.GlyphHeight / 2, 1, ChartPalette.Ink);
                double[] v = values[m].Where(double.IsFinite).ToArray();
                if (v.Length == 0)
                {
                    continue;
                }

                Rgb24 colour = ChartPalette.Of(modes[m]);
                int X(double value) => Left + axis.Offset(value, PlotWidth);
                int min = X(v.Min()), max = X(v.Max());
                int q1 = X(ModeSummary.Quantile(v, 0.25)), q3 = X(ModeSummary.Quantile(v, 0.75)), median = X(ModeSummary.Quantile(v, 0.5));
                canvas.FillRectangle(min, y, max - min + 1, 1, ChartPalette.Ink);
                canvas.FillRectangle(min, y - 4, 1, 9, ChartPalette.Ink);
                canvas.FillRectangle(max, y - 4, 1, 9, ChartPalette.Ink);
                canvas.FillRectangle(q1, y - 6, Math.Max(1, q3 - q1 + 1), 13, colour);
                canvas.FillRectangle(median, y - 7, 2, 15, ChartPalette.Ink);
                foreach (double value in v)
                {
                    canvas.FillRectangle(X(value), y + 8, 1, 3, colour);
                }
            }

            return canvas.ToImage();
        }
    }
}
