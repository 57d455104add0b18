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
    /// The paper's Fig. 5 as grouped bars: one panel per γ; in each, a group per ρ and a bar per mode whose height is the share
    /// of images whose explanation is ρ-robust.
    /// </summary>
    public static class RobustnessChart
    {
        private const int Bar = 8;
        private const int GroupGap = 14;
        private const int Left = 44;
        private const int Right = 12;
        private const int PanelHeight = 120;
        private const int PanelTop = 22;
        private const int PanelBottom = 24;

        public static Image<Rgb24> Render(string title, IReadOnlyList<ModeSummary> modes)
        {
            ArgumentNullException.ThrowIfNull(modes);
            if (modes.Count == 0)
            {
                throw new ArgumentException("nothing to plot: no mode has rows", nameof(modes));
            }

            IReadOnlyList<double> gammas = modes[0].Gammas, rhos = modes[0].Rhos;
            string[] names = modes.Select(m => m.Mode).ToArray();
            int group = modes.Count * Bar + GroupGap;
            int plotWidth = rhos.Count * group;
            string[] panelTitles = gammas.Select(g => "GAMMA = " + g.ToString("0.##", CultureInfo.InvariantCulture) + ": SHARE OF IMAGES RHO-ROBUST").ToArray();
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
                axis.DrawVertical(canvas, Left, bottom, PanelHeight, plotWidth, percent: true);
                for (int r = 0; r < rhos.Count; r++)
                {
                    int x0 = Left + r * group + GroupGap / 2;
                    for (int m = 0; m < modes.Count; m++)
                    {
                        int h = axis.Offset(modes[m].RobustShares[g][r], PanelHeight);
                        canvas.FillRectangle(x0 + m * Bar, bottom - h, Bar - 1, h, ChartPalette.Of(modes[m].Mode));
                    }

                    canvas.DrawCentredText("RHO " + rhos[r].ToString("0.0", CultureInfo.InvariantCulture), x0 + modes.Count * Bar / 2, bottom + 5, 1,
                        ChartPalette.Ink);
                }
            }

            return canvas.ToImage();
        }
    }
}
