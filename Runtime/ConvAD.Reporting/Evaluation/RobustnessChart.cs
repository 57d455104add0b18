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

        public static Image<Rgb24> Render(string title, IReadOnlyList<ModeSummary> modes)
        {
            ArgumentNullException.ThrowIfNull(modes);
            if (modes.Count == 0)
            {
                throw new ArgumentException("nothing to plot: no mode has rows", nameof(modes));
            }

            IReadOnlyList<double> rhos = modes[0].Rhos;
            int group = modes.Count * Bar + GroupGap;
            return GammaPanels.Render(title, modes.Select(m => m.Mode).ToArray(), modes[0].Gammas, "SHARE OF IMAGES RHO-ROBUST", rhos.Count * group,
                percent: true, (canvas, axis, g, bottom) =>
                {
                    for (int r = 0; r < rhos.Count; r++)
                    {
                        int x0 = GammaPanels.Left + r * group + GroupGap / 2;
                        for (int m = 0; m < modes.Count; m++)
                        {
                            int h = axis.Offset(modes[m].RobustShares[g][r], GammaPanels.PanelHeight);
                            canvas.FillRectangle(x0 + m * Bar, bottom - h, Bar - 1, h, ChartPalette.Of(modes[m].Mode));
                        }

                        canvas.DrawCentredText("RHO " + rhos[r].ToString("0.0", CultureInfo.InvariantCulture), x0 + modes.Count * Bar / 2, bottom + 5, 1,
                            ChartPalette.Ink);
                    }
                });
        }
    }
}
