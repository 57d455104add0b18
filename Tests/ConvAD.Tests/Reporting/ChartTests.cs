using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using ConvAD.Charts;
using ConvAD.Evaluation;
using ConvAD.Tests.Evaluation;
using ScottPlot;
using ScottPlot.Plottables;
using Image = SixLabors.ImageSharp.Image;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Reporting
{
    /// <summary>
    /// The evaluation charts (ScottPlot) on real rows: a ResNet-20 evaluation of 8 CIFAR-10 images under every mode
    /// (Tests/Fixtures/evaluation/resnet20, written by <c>convad evaluate</c>).
    /// </summary>
    public sealed class ChartTests
    {
        private static readonly string[] Modes = { "ad", "layer-masking", "zero", "mean", "min", "random", "noise", "blur" };

        [Fact]
        public void Every_chart_is_a_png_and_an_svg_whose_text_has_its_titles_axis_titles_and_legend()
        {
            (EvaluationColumns columns, List<EvaluationRow> rows) = RealRows();
            using var scratch = new ScratchDirectory();
            EvaluationReportFiles files = EvaluationReport.Write(scratch.Path, "ResNet-20", Array.Empty<string>(), rows, columns, Modes);

            var expected = new Dictionary<string, string[]>
            {
                [files.Robustness] = new[] { "ResNet-20 (8 images), γ = 0", "ResNet-20 (8 images), γ = 0.5", "share of images ρ-robust (95% CI)" },
                [files.SizeRobustness!] = new[] { "Robustness at equal size (8 images), γ = 0.25", "mean r(E) (95% CI)" },
                [files.Size] = new[] { "Explanation size (8 images)", "share of pixels in the explanation", "20%" },
                [files.Confidence] = new[] { "Confidence kept (8 images)", "confidence on E alone / original, under the mode" },
            };
            foreach ((string png, string[] titles) in expected)
            {
                using (Image<Rgb24> image = SixLabors.ImageSharp.Image.Load<Rgb24>(png))
                {
                    Assert.Equal(960, image.Width);
                    Assert.True(ReportTests.Count(image, ChartPalette.Of("ad")) > 20, png);
                    Assert.True(ReportTests.Count(image, ChartPalette.Of("blur")) > 20, png);
                }

                string[] texts = SvgTexts(ChartFiles.SvgOf(png));
                foreach (string title in titles.Concat(Modes))
                {
                    Assert.Contains(title, texts);
                }
            }
        }

        [Fact]
        public void Robustness_curves_are_the_robust_shares_inside_their_intervals()
        {
            (EvaluationColumns columns, List<EvaluationRow> rows) = RealRows();
            IReadOnlyList<ModeSummary> modes = ModeSummary.ByMode(rows, columns, Modes);
            Chart chart = RobustnessChart.Render("T", modes);

            Plot[] panels = chart.Panels.GetPlots();
            Assert.Equal(columns.Gammas.Count, panels.Length);
            for (int g = 0; g < panels.Length; g++)
            {
                Scatter[] lines = panels[g].GetPlottables().OfType<Scatter>().ToArray();
                FillY[] bands = panels[g].GetPlottables().OfType<FillY>().ToArray();
                Assert.Equal(Modes, lines.Select(l => l.LegendText));
                Assert.Equal(Modes.Length, bands.Length);
                for (int m = 0; m < Modes.Length; m++)
                {
                    Coordinates[] points = lines[m].Data.GetScatterPoints().ToArray();
                    Assert.Equal(modes[m].RobustShares[g], points.Select(p => p.Y));
                    MeanInterval[] intervals = RobustnessChart.Intervals(modes[m], g, modes[m].Rhos);
                    Assert.All(points.Zip(intervals), pi => Assert.InRange(pi.First.Y, pi.Second.Low - 1e-12, pi.Second.High + 1e-12));
                    Assert.Equal(intervals.Min(i => i.Low), bands[m].GetAxisLimits().Bottom, 12);
                    Assert.Equal(intervals.Max(i => i.High), bands[m].GetAxisLimits().Top, 12);
                    // Eight images do not pin a share down: somewhere the interval is wide.
                    Assert.Contains(intervals, i => i.High - i.Low > 0.1);
                }
            }
        }

        [Fact]
        public void Chart_text_uses_the_bundled_font_whatever_the_machine_has()
        {
            ChartFont.Use();

            Assert.Equal(ChartFont.Family, ChartFont.Typeface.FamilyName);
            Assert.Same(ChartFont.Typeface, Fonts.GetTypeface("no such font on any machine", bold: true, italic: false));
        }

        private static (EvaluationColumns Columns, List<EvaluationRow> Rows) RealRows()
        {
            (EvaluationColumns columns, List<EvaluationRow> rows, int unreadable) = EvaluationCsv.Read(RepoPaths.File("Tests", "Fixtures", "evaluation", "resnet20", "rows.csv"));
            Assert.Equal(0, unreadable);
            Assert.Equal(8 * Modes.Length, rows.Count);
            return (columns, rows);
        }

        /// <summary>The SVG's text elements, each trimmed: text stays text, not paths.</summary>
        private static string[] SvgTexts(string svg) =>
            XDocument.Load(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
    }
}
