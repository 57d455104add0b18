using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Charts;
using ConvAD.Description;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>The fair protocol's measurements: top-k% pastes, absolute thresholds, per-kind r, the bootstrap, the CSV and the summary.</summary>
    public sealed class FairProtocolTests
    {
        private static readonly EvaluationColumns Full = new(new[] { 0, 0.5 }, new[] { 0.25 }, new[] { "blobs", "tiles" }, new[] { 5.0, 50 });

        [Theory]
        [InlineData(5, 100, 5)]
        [InlineData(10, 1000, 100)]
        [InlineData(5.5, 100, 6)]
        [InlineData(30, 784, 236)]
        [InlineData(50, 1024, 512)]
        [InlineData(0.01, 100, 1)]
        [InlineData(100, 49, 49)]
        public void Top_k_is_the_ceiling_of_k_percent_of_the_pixels(double k, int pixels, int expected)
        {
            Assert.Equal(expected, BackgroundRobustness.TopCount(k, pixels));
            int[] order = Enumerable.Range(0, pixels).Reverse().ToArray();
            float[] mask = BackgroundRobustness.TopMask(order, k);
            Assert.Equal(expected, mask.Count(m => m != 0));
            Assert.All(order.Take(expected), p => Assert.Equal(1f, mask[p]));
        }

        [Fact]
        public void Absolute_thresholds_ignore_p_and_still_need_a_strict_win()
        {
            var verdicts = new[] { new MutantVerdict(true, 0.9f), new MutantVerdict(true, 0.3f), new MutantVerdict(false, 0.5f), new MutantVerdict(true, 0.6f) };
            RobustnessScore absolute = BackgroundRobustness.ScoreAbsolute(verdicts, new[] { 0, 0.25, 0.5, 0.95 });
            Assert.Equal(new[] { 0.75, 0.75, 0.5, 0 }, absolute.Shares);

            // Relative to p = 0.6, γ = 0.5 asks for confidence ≥ 0.3; absolutely 0.5 asks for ≥ 0.5.
            Assert.Equal(0.75, BackgroundRobustness.Score(verdicts, 0.6, new[] { 0.5 }).Shares[0]);
        }

        [Fact]
        public void The_evaluator_scores_the_top_k_of_the_modes_own_ranking_per_kind_and_absolutely()
        {
            // Object: pixels 0..9 of a 10×10 image, value 1. On a black background q = (object pixels kept) / 10, class 1 iff q > 0.5.
            // The ranking puts pixel i before i + 1, so the top k% keeps ⌈k⌉ object pixels: 5% gives q = 0.5 (a tie: not class 1),
            // 5.5% rounds up to 6 pixels (q = 0.6), 30% keeps all ten (q = 1). A white background always gives q = 1.
            var model = new ObjectPixelsModel(10, 10, Enumerable.Range(0, 10).ToArray());
            float[] input = model.ObjectImage();
            var backgrounds = BackgroundSet.FromTensors(model.Shape, new[] { new float[100], Enumerable.Repeat(1f, 100).ToArray() },
                new[] { BackgroundKind.Gradient, BackgroundKind.ShuffledTiles });
            var evaluator = new ExplanationEvaluator(model, OutputKind.Probabilities, backgrounds, new EvaluationOptions
            {
                Gammas = new[] { 0.0, 1.0 },
                AbsoluteGammas = new[] { 0.55, 0.65 },
                TopPercents = new[] { 5.0, 5.5, 30 },
                AucSteps = 2,
            });
            float[] responsibility = Enumerable.Range(0, 100).Select(i => 100f - i).ToArray();
            float[] explanation = Enumerable.Range(0, 100).Select(i => i < 6 ? 1f : 0f).ToArray();

            ExplanationMetrics m = evaluator.Evaluate(input, Perturbation.Occlusion(MaskingValue.Zero), 1, 0.5, explanation, 0, responsibility);

            // E keeps 6 object pixels: black gives class 1 with 0.6 (≥ γ·p = 0.5 for γ = 1), white gives 1.0.
            Assert.Equal(new[] { 1.0, 1.0 }, m.Robustness.Shares);
            Assert.Equal(new[] { 1.0, 0.5 }, m.AbsoluteRobustness!.Shares);
            Assert.Equal(new[] { BackgroundKind.Gradient, BackgroundKind.ShuffledTiles }, m.KindRobustness.Select(k => k.Kind));
            Assert.All(m.KindRobustness, k => Assert.Equal(new[] { 1.0, 1.0 }, k.Score.Shares));
            Assert.Equal(new[] { 5.0, 5.5, 30 }, m.TopRobustness.Select(t => t.Percent));
            Assert.Equal(new[] { 0.5, 0.5 }, m.TopRobustness[0].Score.Shares);
            Assert.Equal(new[] { 1.0, 1.0 }, m.TopRobustness[1].Score.Shares);
            Assert.Equal(new[] { 1.0, 1.0 }, m.TopRobustness[2].Score.Shares);
        }

        [Fact]
        public void Bootstrap_interval_of_a_known_distribution()
        {
            // 400 fair coin flips, exactly half heads: mean 0.5, standard error 0.025, so the 95% interval is about 0.5 ± 0.049.
            double[] coins = Enumerable.Range(0, 400).Select(i => (double)(i % 2)).ToArray();
            MeanInterval ci = Bootstrap.MeanInterval(coins);
            Assert.Equal(0.5, ci.Mean, 12);
            Assert.InRange(ci.Low, 0.5 - 0.049 - 0.008, 0.5 - 0.049 + 0.008);
            Assert.InRange(ci.High, 0.5 + 0.049 - 0.008, 0.5 + 0.049 + 0.008);
            Assert.Equal(ci, Bootstrap.MeanInterval(coins));

            // A constant has a zero-width interval; nothing gives NaN.
            Close(new MeanInterval(0.3, 0.3, 0.3), Bootstrap.MeanInterval(Enumerable.Repeat(0.3, 10)));
            Assert.True(double.IsNaN(Bootstrap.MeanInterval(Array.Empty<double>()).Mean));
        }

        [Fact]
        public void A_row_with_every_column_survives_the_csv_round_trip()
        {
            EvaluationRow row = Row(2, "ad", 0.4);
            string header = EvaluationCsv.Header(Full);
            Assert.Equal(
                "r_g0,r_g0.5,r_abs0.25,r_g0_blobs,r_g0.5_blobs,r_g0_tiles,r_g0.5_tiles,r_top5_g0,r_top5_g0.5,r_top50_g0,r_top50_g0.5",
                string.Join(",", header.Split(',').Where(c => c.StartsWith("r_", StringComparison.Ordinal))));
            EvaluationColumns parsed = EvaluationCsv.ParseHeader(header);
            Assert.True(parsed.SameAs(Full));
            Assert.Equal(Full.Kinds, parsed.Kinds);
            Assert.Equal(Full.TopPercents, parsed.TopPercents);

            EvaluationRow back = EvaluationCsv.TryParse(EvaluationCsv.Format(row), parsed)!;
            Assert.Equal(EvaluationCsv.Format(row), EvaluationCsv.Format(back));
            Assert.Equal(row.KindRobustness, back.KindRobustness);
            Assert.Equal(row.TopRobustness, back.TopRobustness);
            Assert.Equal(row.AbsoluteRobustness, back.AbsoluteRobustness);
            Assert.Null(EvaluationCsv.TryParse(EvaluationCsv.Format(row with { TopRobustness = new[] { 0.5 } }), parsed));
        }

        [Fact]
        public void A_header_of_the_previous_protocol_is_refused_with_a_rerun_message()
        {
            string old = EvaluationCsv.Header(EvaluationColumns.GammasOnly(new[] { 0, 0.25, 0.5 }));
            FormatException e = Assert.Throws<FormatException>(() => EvaluationCsv.ParseHeader(old));
            Assert.Contains("before the fair protocol", e.Message);
            Assert.Contains("rerun", e.Message);
            Assert.Throws<FormatException>(() => EvaluationCsv.ParseHeader(EvaluationCsv.Header(Full).Replace("r_top50_g0,", "r_top50_gx,", StringComparison.Ordinal)));
        }

        [Fact]
        public void Summary_and_chart_show_r_per_k_with_intervals_per_kind_and_absolute()
        {
            var rows = Enumerable.Range(0, 6).SelectMany(i => new[] { Row(i, "ad", 0.8), Row(i, "zero", 0.2) }).ToArray();
            IReadOnlyList<ModeSummary> modes = ModeSummary.ByMode(rows, Full, new[] { "ad", "zero" });
            Close(new MeanInterval(0.8, 0.8, 0.8), modes[0].TopRobustness[1][0]);
            Assert.Equal(0.1, modes[1].MeanKindRobustness[1][1], 12);
            Assert.Equal(0.2, modes[1].MeanKindRobustness[0][1], 12);
            Assert.Equal(0.1, modes[1].MeanAbsoluteRobustness[0], 12);

            string md = SummaryMarkdown.Render("T", Array.Empty<string>(), modes);
            Assert.Contains("## Size-controlled robustness", md);
            Assert.Contains("| ad | 0.800 [0.800, 0.800] | 0.800 [0.800, 0.800] |", md);
            Assert.Contains("| zero | +0.600 (6:0, p 0.031) | +0.600 (6:0, p 0.031) |", md);
            Assert.Contains("| mode | blobs | tiles |", md);
            Assert.Contains("## Absolute confidence thresholds", md);
            Assert.Contains("| zero | +0.300 (6:0, p 0.031) |", md);   // AD's sign test at the absolute threshold

            using var scratch = new ScratchDirectory();
            EvaluationReportFiles files = EvaluationReport.Write(scratch.Path, "T", Array.Empty<string>(), rows, Full, new[] { "ad", "zero" });
            using Image<Rgb24> chart = Image.Load<Rgb24>(files.SizeRobustness!);
            Assert.True(chart.Width > 200 && chart.Height > 300, $"{chart.Width}×{chart.Height}");
            int ad = ReportTests.Count(chart, ChartPalette.Of("ad")), zero = ReportTests.Count(chart, ChartPalette.Of("zero"));
            Assert.True(ad > 100 && zero > 100, $"{ad} / {zero}");
        }

        private static void Close(MeanInterval expected, MeanInterval actual)
        {
            Assert.Equal(expected.Mean, actual.Mean, 12);
            Assert.Equal(expected.Low, actual.Low, 12);
            Assert.Equal(expected.High, actual.High, 12);
        }

        // r = v everywhere except: per kind, the second kind is v / 2; absolute v / 2; the top-k columns v.
        private static EvaluationRow Row(int index, string mode, double v) => ReportTests.Row(index, mode, r0: v) with
        {
            Robustness = new[] { v, v },
            AbsoluteRobustness = new[] { v / 2 },
            KindRobustness = new[] { v, v, v / 2, v / 2 },
            TopRobustness = new[] { v, v, v, v },
        };
    }
}
