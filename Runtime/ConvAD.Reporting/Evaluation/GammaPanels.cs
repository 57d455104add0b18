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
    /// The layout the robustness charts share: a title, the modes' legend, then one panel per γ with its title and a
    /// vertical axis over [0, 1]; a chart draws only what goes inside each panel.
    /// </summary>
    internal static class GammaPanels
    {
        /// <summary>Where a panel's plot area starts.</summary>
        public const int Left = 44;

        public const int PanelHeight = 120;

        private const int Right = 12;
        private const int PanelTop = 22;
        private const int PanelBottom = 24;

        /// <param name="drawPanel">Draws panel g's content: (canvas, axis, g, y of the panel's baseline).</param>
        public static Image<Rgb24> Render(string title, IReadOnlyList<string> modes, IReadOnlyList<double> gammas, string panelTitle, int plotWidth,
            bool percent, Action<Canvas, ChartAxis, int, int> drawPanel)
        {
            string[] panelTitles = gammas.Select(g => "GAMMA = " + g.ToString("0.##", CultureInfo.InvariantCulture) + ": " + panelTitle).ToArray();
            string[] names = modes.ToArray();
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
                axis.DrawVertical(canvas, Left, bottom, PanelHeight, plotWidth, percent);
                drawPanel(canvas, axis, g, bottom);
            }

            return canvas.ToImage();
        }
    }
}
