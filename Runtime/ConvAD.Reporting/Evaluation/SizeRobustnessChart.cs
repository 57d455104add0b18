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
        private const int Left = 44;
        private const int Right = 12;
        private const int PanelHeight = 120;
        private const int PanelTop = 22;
        private const int PanelBottom = 24;

        public static Image<Rgb24> Render(string title, IReadOnlyList<ModeSummary> modes)
        {
            ArgumentNullException.ThrowIfNull(modes);
            if (modes.Count == 0 || modes[0].Columns.TopPercents.Count == 0)
            {
                throw new ArgumentException("nothing to plot: no mode has top-k% rows", nameof(modes));
            }

            IReadOnlyList<double> gammas = modes[0].Gammas, ks = modes[0].Columns.TopPercents;
            string[] names = modes.Select(m => m.Mode).ToArray();
            int group = modes.Count * Slot + GroupGap;
            int plotWidth = ks.Count * group;
            string[] panelTitles = gammas.Select(g => "GAMMA = " + g.ToString("0.##", CultureInfo.InvariantCulture) + ": MEAN R OF THE TOP K% (95% CI)").ToArray();
            int width = Math.Max(Left + Math.Max(plotWidth, panelTitles.Max(t => BitmapFont.Measure(t, 1))) + Right,
                Math.Max(ChartLegend.Width(names), BitmapFont.Measure(title, 1)) + 2 * Right);
            int panel = PanelTop + PanelHeight + PanelBottom;
            int header = 16 + ChartLegend.Height + 8;
            var canvas = new Canvas(width, header + gammas.Count * panel, ChartPalette.Background);
            BitmapFont.Draw(canvas, title, Right, 4, 1, ChartPalette.Ink);
            ChartLegend.Draw(canvas, names, Right, 16);
            var axis = new ChartAxis(1, 4);
            for (int g = 0; g < gammas.Count; g++)
            {
                int top = header + g * panel;
                int bottom = top + PanelTop + PanelHeight;
                BitmapFont.Draw(canvas, panelTitles[g], Left, top + 4, 1, ChartPalette.Ink);
                axis.DrawVertical(canvas, Left, bottom, PanelHeight, plotWidth, percent: false);
                for (int k = 0; k < ks.Count; k++)
                {
                    int x0 = Left + k * group + GroupGap / 2;
                    canvas.DrawCentredText("TOP " + ks[k].ToString("0.##", CultureInfo.InvariantCulture) + "%", x0 + modes.Count * Slot / 2, bottom + 5, 1,
                        ChartPalette.Ink);
                }

                for (int m = 0; m < modes.Count; m++)
                {
                    Rgb24 colour = ChartPalette.Of(modes[m].Mode);
                    (int X, int Y)? previous = null;
                    for (int k = 0; k < ks.Count; k++)
                    {
                        MeanInterval r = modes[m].TopRobustness[k][g];
                        if (double.IsNaN(r.Mean))
                        {
                            previous = null;
                            continue;
                        }

                        int x = Left + k * group + GroupGap / 2 + m * Slot + Slot / 2;
                        int y = bottom - axis.Offset(r.Mean, PanelHeight);
                        int yLow = bottom - axis.Offset(r.Low, PanelHeight), yHigh = bottom - axis.Offset(r.High, PanelHeight);
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
            }

            return canvas.ToImage();
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
