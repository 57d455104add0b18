using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Charts;
using ConvAD.Evaluation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>CSV rows, per-mode summaries, the Markdown summary and the plots, on hand-made rows.</summary>
    public sealed class ReportTests
    {
        private static readonly double[] Gammas = { 0, 0.5 };

        // The columns of Row: r per γ only, the groups of the fair protocol empty (FairProtocolTests has the full ones).
        private static readonly EvaluationColumns Columns = EvaluationColumns.GammasOnly(Gammas);

        [Fact]
        public void A_row_survives_the_csv_round_trip_exactly()
        {
            EvaluationRow row = Row(3, "ad", size: 0.1 / 3, r0: 0.35) with { TargetLabel = "crane, \"bird\"", TrueClass = 7, Target = 7 };
            EvaluationRow back = EvaluationCsv.TryParse(EvaluationCsv.Format(row), Columns)!;

            Assert.Equal(EvaluationCsv.Format(row), EvaluationCsv.Format(back));
            Assert.Equal(row.Size, back.Size);
            Assert.Equal("crane, \"bird\"", back.TargetLabel);
            Assert.Equal(true, back.Correct);
            Assert.Null((Row(1, "zero") with { TrueClass = null }).Correct);
        }

        [Fact]
        public void A_cut_short_line_or_a_foreign_header_is_recognised()
        {
            string line = EvaluationCsv.Format(Row(0, "ad") with { TargetLabel = "a, b" });
            Assert.Null(EvaluationCsv.TryParse(line[..(line.IndexOf("a, b", StringComparison.Ordinal) + 2)], Columns));
            Assert.Null(EvaluationCsv.TryParse(line[..line.LastIndexOf(',')], Columns));
            Assert.NotNull(EvaluationCsv.TryParse(line, Columns));
            Assert.Throws<FormatException>(() => EvaluationCsv.ParseHeader("image,mode,size"));
        }

        [Fact]
        public void Mode_summary_aggregates_by_mode_in_the_given_order()
        {
            var rows = new List<EvaluationRow>
            {
                Row(0, "zero", size: 0.1, r0: 0.0), Row(0, "ad", size: 0.2, r0: 1.0),
                Row(1, "zero", size: 0.3, r0: 0.4), Row(1, "ad", size: 0.4, r0: 0.2),
                Row(2, "zero", size: 0.5, r0: 0.2), Row(2, "ad", size: 0.9, r0: 0.6),
            };
            IReadOnlyList<ModeSummary> s = ModeSummary.ByMode(rows, Gammas, new[] { "ad", "zero" });

            Assert.Equal(new[] { "ad", "zero" }, s.Select(m => m.Mode));
            Assert.Equal(0.5, s[0].MeanSize, 12);
            Assert.Equal(0.4, s[0].MedianSize, 12);
            Assert.Equal(0.6, s[0].MeanRobustness[0], 12);
            Assert.Equal(new[] { 1.0, 1.0, 2 / 3.0, 2 / 3.0, 1 / 3.0, 1 / 3.0 }, s[0].RobustShares[0].ToArray());
            Assert.Equal(new[] { 1.0, 2 / 3.0, 1 / 3.0, 0, 0, 0 }, s[1].RobustShares[0].ToArray());
            Assert.Equal(2.5, ModeSummary.Quantile(new[] { 1.0, 2, 3, 4 }, 0.5));
            Assert.Equal(1.75, ModeSummary.Quantile(new[] { 1.0, 2, 3, 4 }, 0.25));
            Assert.Equal(2.0, ModeSummary.Mean(new[] { 1.0, double.NaN, 3 }));
        }

        [Fact]
        public void Markdown_summary_shows_every_mode_and_ad_relative_to_each_masking_value()
        {
            var rows = new[] { Row(0, "ad", r0: 0.5), Row(0, "zero", r0: 0.25), Row(0, "blur", r0: 1.0) };
            string md = SummaryMarkdown.Render("Test model", new[] { "- context line" }, ModeSummary.ByMode(rows, Gammas, new[] { "ad", "zero", "blur" }));

            Assert.Contains("# Test model", md);
            Assert.Contains("- context line", md);
            Assert.Contains("| ad | 1 |", md);
            Assert.Contains("### γ = 0.5", md);
            Assert.Contains("| 0 | +100.0% | -50.0% |", md);
            Assert.Contains("| zero | +0.250 | 1 | 0 | 0 | 1.000 |", md);
        }

        [Fact]
        public void Sign_test_and_paired_comparison_have_their_textbook_values()
        {
            // 9 : 1 of 10 fair coin flips: 2 · (C(10,0) + C(10,1)) / 2^10 = 22/1024.
            Assert.Equal(22 / 1024.0, PairedComparison.SignTest(9, 1), 12);
            Assert.Equal(22 / 1024.0, PairedComparison.SignTest(1, 9), 12);
            Assert.Equal(1.0, PairedComparison.SignTest(5, 5));
            Assert.Equal(1.0, PairedComparison.SignTest(0, 0));
            Assert.InRange(PairedComparison.SignTest(3000, 2000), 0, 1e-40);

            var rows = new[] { Row(0, "ad", r0: 0.5), Row(0, "zero", r0: 0.25), Row(1, "ad", r0: 0.5), Row(1, "zero", r0: 0.5), Row(2, "ad", r0: 0), Row(2, "zero", r0: 0.75) };
            IReadOnlyList<ModeSummary> s = ModeSummary.ByMode(rows, Gammas, new[] { "ad", "zero" });
            PairedComparison c = PairedComparison.Of(s[0], s[1], 0);
            Assert.Equal((3, 1, 1, 1), (c.Images, c.Wins, c.Losses, c.Ties));
            Assert.Equal((0.25 + 0 - 0.75) / 3, c.MeanDifference, 12);
            Assert.Equal(1.0, c.SignTestP);
        }

        [Fact]
        public void Report_writes_summary_three_charts_and_the_html_page()
        {
            using var scratch = new ScratchDirectory();
            var rows = new[] { Row(0, "ad", size: 0.1), Row(0, "noise", size: 0.6), Row(1, "ad", size: 0.2), Row(1, "noise", size: 0.7) };
            EvaluationReportFiles files = EvaluationReport.Write(scratch.Path, "T", Array.Empty<string>(), rows, Columns, new[] { "ad", "noise" });

            Assert.Contains("| noise | 2 |", File.ReadAllText(files.Summary));
            foreach (string png in new[] { files.Robustness, files.Size, files.Confidence })
            {
                using Image<Rgb24> image = Image.Load<Rgb24>(png);
                Assert.True(image.Width >= 280 && image.Height >= 60, $"{png}: {image.Width}×{image.Height}");
                Assert.True(Count(image, ChartPalette.Of("noise")) > 0);
                Assert.True(File.Exists(ChartFiles.SvgOf(png)), png);
            }

            Assert.Contains("data:image/png;base64,", File.ReadAllText(files.Report));
        }

        internal static EvaluationRow Row(int index, string mode, double size = 0.1, double r0 = 0.5) => new EvaluationRow
        {
            ImageIndex = index,
            Image = $"img{index}",
            TrueClass = 1,
            Mode = mode,
            Target = 1,
            TargetLabel = "one",
            Confidence = 0.9,
            Area = 10,
            Size = size,
            ExplanationConfidence = 0.6,
            Sufficiency = ConvAD.Explanation.Sufficiency.Sufficient,
            Robustness = new[] { r0, r0 / 2 },
            InsertionAuc = 0.7,
            DeletionAuc = 0.2,
            Mutants = 100,
            EngineCalls = 3,
            ExplainMs = 12.5,
            MetricsMs = 1.25,
        };

        /// <summary>The pixels of exactly <paramref name="colour"/> (a mode's, from <see cref="ChartPalette"/>).</summary>
        internal static int Count(Image<Rgb24> image, ScottPlot.Color colour)
        {
            var pixels = new Rgb24[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return pixels.Count(p => p.R == colour.R && p.G == colour.G && p.B == colour.B);
        }
    }
}
