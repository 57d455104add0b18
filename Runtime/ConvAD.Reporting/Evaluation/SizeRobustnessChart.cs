using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// Size-controlled robustness: one panel per γ; in each, mean r of the top-k% of each mode's own ranking against k, a line
    /// per mode with its 95% bootstrap interval as a vertical bar at each k (modes side by side so the bars do not overlap).
    /// </summary>
    public static class SizeRobustnessChart
    {
        private const int Slot = 6;
        private const int GroupGap = 24;

        public static Image<Rgb24> Render(string title, IReadOnlyList<ModeSummary> modes)
        {
            ArgumentNullException.ThrowIfNull(modes);
            if (modes.Count == 0 || modes[0].Columns.TopPercents.Count == 0)
            {
                throw new ArgumentException("nothing to plot: no mode has top-k% rows", nameof(modes));
            }

            IReadOnlyList<double> ks = modes[0].Columns.TopPercents;
            int group = modes.Count * Slot + GroupGap;
            return GammaPanels.Render(title, modes.Select(m => m.Mode).ToArray(), modes[0].Gammas, "MEAN R OF THE TOP K% (95% CI)", ks.Count * group,
                percent: false, (canvas, axis, g, bottom) =>
                {
                    for (int k = 0; k < ks.Count; k++)
                    {
                        int x0 = GammaPanels.Left + k * group + GroupGap / 2;
                        canvas.DrawCentredText("TOP " + ks[k].ToString("0.##", CultureInfo.InvariantCulture) + "%", x0 + modes.Count * Slot / 2, bottom + 5, 1,
                            ChartPalette.Ink);
                    }

                    for (int m = 0; m < modes.Count; m++)
                    {
                        DrawMode(canvas, axis, bottom, modes[m], m, g, ks.Count, group);
                    }
                });
        }

        /// <summary>One mode's line through its means at each k, with each interval as a vertical bar.</summary>
        private static void DrawMode(Canvas canvas, ChartAxis axis, int bottom, ModeSummary mode, int m, int g, int ks, int group)
        {
            Rgb24 colour = ChartPalette.Of(mode.Mode);
            (int X, int Y)? previous = null;
            for (int k = 0; k < ks; k++)
            {
                MeanInterval r = mode.TopRobustness[k][g];
                if (double.IsNaN(r.Mean))
                {
                    previous = null;
                    continue;
                }

                int x = GammaPanels.Left + k * group + GroupGap / 2 + m * Slot + Slot / 2;
                int y = bottom - axis.Offset(r.Mean, GammaPanels.PanelHeight);
                int yLow = bottom - axis.Offset(r.Low, GammaPanels.PanelHeight), yHigh = bottom - axis.Offset(r.High, GammaPanels.PanelHeight);
                canvas.FillRectangle(x, yHigh, 1, yLow - yHigh + 1, colour);
                canvas.FillRectangle(x - 2, yHigh, 5, 1, colour);
                canvas.FillRectangle(x - 2, yLow, 5, 1, colour);
                if (previous is (int px, int py))
                {
                    Line(canvas, px, py, x, y, colour);
                }

                canvas.FillRectangle(x - 2, y - 2, 5, 5, colour);
                previous = (x, y);
            }
        }

        private static void Line(Canvas canvas, int x0, int y0, int x1, int y1, Rgb24 colour)
        {
            int steps = Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0));
            for (int i = 0; i <= steps; i++)
            {
                double t = steps == 0 ? 0 : i / (double)steps;
                canvas.FillRectangle((int)Math.Round(x0 + t * (x1 - x0)), (int)Math.Round(y0 + t * (y1 - y0)), 1, 1, colour);
            }
        }
    }
}
