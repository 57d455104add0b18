using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Charts;
using ScottPlot;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// A value's distribution per mode as box plots (whiskers min–max, box the quartiles, a line at the median) with every image
    /// drawn as a point beside its box, since a run has tens of images, not thousands.
    /// </summary>
    public static class DistributionChart
    {
        private const int Width = 960;
        private const int Height = 420;

        /// <summary>
        /// <paramref name="values"/>: one list per mode, in the order of <paramref name="modes"/>; <paramref name="valueTitle"/> titles
        /// the value axis; <paramref name="percent"/> labels it in % (values are shares).
        /// </summary>
        public static Chart Render(string title, string valueTitle, IReadOnlyList<string> modes, IReadOnlyList<IReadOnlyList<double>> values, bool percent)
        {
            ArgumentNullException.ThrowIfNull(modes);
            ArgumentNullException.ThrowIfNull(values);
            if (modes.Count == 0 || modes.Count != values.Count)
            {
                throw new ArgumentException("one list of values per mode is needed");
            }

            ChartFont.Use();
            var plot = new Plot();
            plot.Title(title, size: 15);
            plot.XLabel("mode", size: 13);
            plot.YLabel(valueTitle, size: 13);
            for (int m = 0; m < modes.Count; m++)
            {
                double[] v = values[m].Where(double.IsFinite).ToArray();
                if (v.Length == 0)
                {
                    continue;
                }

                Color colour = ChartPalette.Of(modes[m]);
                var box = plot.Add.Box(new Box
                {
                    Position = m,
                    WhiskerMin = v.Min(),
                    BoxMin = ModeSummary.Quantile(v, 0.25),
                    BoxMiddle = ModeSummary.Quantile(v, 0.5),
                    BoxMax = ModeSummary.Quantile(v, 0.75),
                    WhiskerMax = v.Max(),
                });
                box.FillColor = colour.WithAlpha(0.5);
                // Points to the right of the box, spread a little by rank so equal values stay visible.
                double[] xs = v.Select((_, i) => m + 0.3 + 0.1 * i / Math.Max(1, v.Length - 1)).ToArray();
                var points = plot.Add.ScatterPoints(xs, v, colour);
                points.MarkerSize = 4;
            }

            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, modes.Count).Select(i => (double)i).ToArray(), modes.ToArray());
            plot.Axes.SetLimitsX(-0.6, modes.Count - 0.2);
            if (percent)
            {
                plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => (100 * v).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" };
            }

            return new Chart(Chart.Stack(new[] { plot }), Width, Height);
        }
    }
}
