using System.Collections.Generic;
using ScottPlot;

namespace ConvAD.Charts
{
    /// <summary>A finished chart: its panels, stacked top to bottom, and the size it is drawn at.</summary>
    /// <param name="Panels">The ScottPlot figure; one plot per panel.</param>
    /// <param name="Width">Width in pixels of the PNG (and the SVG's user units).</param>
    /// <param name="Height">Height in pixels, all panels together.</param>
    public sealed record Chart(Multiplot Panels, int Width, int Height)
    {
        /// <summary>Writes the chart to <paramref name="png"/> and the SVG beside it (<see cref="ChartFiles.SvgOf"/>).</summary>
        public void Save(string png) => ChartFiles.Write(png, Panels, Width, Height);

        /// <summary>The plots stacked top to bottom in equal rows (a new Multiplot starts with a plot of its own, replaced here).</summary>
        internal static Multiplot Stack(IReadOnlyList<Plot> plots)
        {
            var figure = new Multiplot();
            figure.Reset(plots[0]);
            for (int i = 1; i < plots.Count; i++)
            {
                figure.AddPlot(plots[i]);
            }

            return figure;
        }
    }
}
