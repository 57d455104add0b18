using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvAD.Charts;
using ScottPlot;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// The paper's Fig. 5 as curves: one panel per γ; in each, the share of images whose explanation is ρ-robust against ρ, a
    /// line per mode over a band with its 95% bootstrap interval (images resampled).
    /// </summary>
    public static class RobustnessChart
    {
        /// <summary>The chart of <paramref name="modes"/>' robust shares; <paramref name="title"/> heads every panel.</summary>
        public static Chart Render(string title, IReadOnlyList<ModeSummary> modes)
        {
            ArgumentNullException.ThrowIfNull(modes);
            if (modes.Count == 0)
            {
                throw new ArgumentException("nothing to plot: no mode has rows", nameof(modes));
            }

            double[] rhos = modes[0].Rhos.ToArray();
            return GammaPanels.Build(title, modes[0].Gammas, "ρ (share of backgrounds that must keep the decision)", "share of images ρ-robust (95% CI)",
                (plot, g) =>
                {
                    foreach (ModeSummary mode in modes)
                    {
                        MeanInterval[] shares = Intervals(mode, g, rhos);
                        Color colour = ChartPalette.Of(mode.Mode);
                        var band = plot.Add.FillY(rhos, shares.Select(s => s.Low).ToArray(), shares.Select(s => s.High).ToArray());
                        band.FillColor = colour.WithAlpha(0.15);
                        band.LineWidth = 0;
                        var line = plot.Add.Scatter(rhos, mode.RobustShares[g].ToArray(), colour);
                        line.LegendText = mode.Label;
                        line.MarkerShape = ChartPalette.MarkerOf(mode.Method);
                        line.LineWidth = 2;
                        line.MarkerSize = 6;
                    }

                    plot.Axes.Bottom.SetTicks(rhos, rhos.Select(r => r.ToString("0.0#", CultureInfo.InvariantCulture)).ToArray());
                    plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
                }, modes.Count);
        }

        /// <summary>
        /// The share robust at each ρ with its interval: the mean of each image's own 0/1 "robust at ρ" (the same test
        /// <see cref="RobustnessProfile.ShareRobust"/> applies to all of them), bootstrapped over images.
        /// </summary>
        internal static MeanInterval[] Intervals(ModeSummary mode, int g, IReadOnlyList<double> rhos) => rhos
            .Select(rho => Bootstrap.MeanInterval(mode.Rows.Select(row => RobustnessProfile.ShareRobust(new[] { row.Robustness[g] }, rho))))
            .ToArray();
    }
}
