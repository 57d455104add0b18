using System;
using System.Collections.Generic;
using System.Globalization;
using ScottPlot;

namespace ConvAD.Charts
{
    /// <summary>
    /// The layout the robustness charts share: one panel per γ, stacked, each with the chart's title, its γ, axis titles and a
    /// legend of the modes; a chart fills in each panel's plottables.
    /// </summary>
    internal static class GammaPanels
    {
        public const int Width = 960;
        public const int PanelHeight = 360;

        // A legend entry's height: a panel grows to list every entry in one column (an evaluation of several methods has one
        // entry per method × mode; a second legend column would not fit the chart's width).
        private const int LegendEntry = 21;
        private const int LegendMargin = 90;

        /// <summary>
        /// One panel per γ of <paramref name="gammas"/> under <paramref name="title"/>, with the axis titles
        /// <paramref name="xTitle"/> and <paramref name="yTitle"/>; <paramref name="fill"/> adds panel g's plottables (with their
        /// legend texts) to its plot. <paramref name="entries"/> legend entries decide the panels' height (at least
        /// <see cref="PanelHeight"/>).
        /// </summary>
        public static Chart Build(string title, IReadOnlyList<double> gammas, string xTitle, string yTitle, Action<Plot, int> fill, int entries = 0)
        {
            ChartFont.Use();
            var plots = new List<Plot>();
            for (int g = 0; g < gammas.Count; g++)
            {
                var plot = new Plot();
                plots.Add(plot);
                plot.Title($"{title}, γ = {gammas[g].ToString("0.##", CultureInfo.InvariantCulture)}", size: 15);
                plot.XLabel(xTitle, size: 13);
                plot.YLabel(yTitle, size: 13);
                fill(plot, g);
                plot.ShowLegend(Edge.Right);
            }

            int height = Math.Max(PanelHeight, LegendMargin + LegendEntry * entries);
            return new Chart(Chart.Stack(plots), Width, gammas.Count * height);
        }
    }
}
