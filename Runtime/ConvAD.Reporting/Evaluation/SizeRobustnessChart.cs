using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Charts;
using ScottPlot;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// Size-controlled robustness: one panel per γ; in each, mean r of the top-k% of each mode's own ranking against k, a line
    /// per mode with its 95% bootstrap interval as error bars (modes nudged apart along k so the bars do not overlap).
    /// </summary>
    public static class SizeRobustnessChart
    {
        /// <summary>The chart of <paramref name="modes"/>' top-k% robustness; needs rows with top-k% columns.</summary>
        public static Chart Render(string title, IReadOnlyList<ModeSummary> modes)
        {
            ArgumentNullException.ThrowIfNull(modes);
            if (modes.Count == 0 || modes[0].Columns.TopPercents.Count == 0)
            {
                throw new ArgumentException("nothing to plot: no mode has top-k% rows", nameof(modes));
            }

            IReadOnlyList<double> ks = modes[0].Columns.TopPercents;
            // The nudge: a fraction of the smallest gap between two k, shared out among the modes.
            double gap = ks.Count > 1 ? ks.Zip(ks.Skip(1), (a, b) => Math.Abs(b - a)).Min() : 1;
            double step = 0.5 * gap / modes.Count;
            return GammaPanels.Build(title, modes[0].Gammas, "k (top k% of the mode's own responsibility ranking)", "mean r(E) (95% CI)", (plot, g) =>
            {
                for (int m = 0; m < modes.Count; m++)
                {
                    double offset = (m - (modes.Count - 1) / 2.0) * step;
                    MeanInterval[] r = ks.Select((_, k) => modes[m].TopRobustness[k][g]).ToArray();
                    int[] known = Enumerable.Range(0, ks.Count).Where(k => !double.IsNaN(r[k].Mean)).ToArray();
                    if (known.Length == 0)
                    {
                        continue;
                    }

                    double[] xs = known.Select(k => ks[k] + offset).ToArray();
                    double[] means = known.Select(k => r[k].Mean).ToArray();
                    Color colour = ChartPalette.Of(modes[m].Mode);
                    var bars = plot.Add.ErrorBar(xs, means, known.Select(k => r[k].High - r[k].Mean).ToArray());
                    bars.YErrorNegative = known.Select(k => r[k].Mean - r[k].Low).ToArray();
                    bars.Color = colour;
                    var line = plot.Add.Scatter(xs, means, colour);
                    line.LegendText = modes[m].Label;
                    line.MarkerShape = ChartPalette.MarkerOf(modes[m].Method);
                    line.LineWidth = 2;
                    line.MarkerSize = 6;
                }

                plot.Axes.SetLimitsY(-0.02, 1.02);
            }, modes.Count);
        }
    }
}
