using System.Linq;
using ConvAD.Evaluation;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>
    /// The CSV's method column: written only when methods are compared, read back exactly; a file without it (every run
    /// before methods existed, and rex-only runs now) reads as rex's rows. Summaries group by method × mode and pair AD
    /// only with its own method's modes.
    /// </summary>
    public sealed class MethodColumnTests
    {
        private static readonly EvaluationColumns Plain = new(new[] { 0, 0.5 }, new[] { 0.25 }, new[] { "blobs", "tiles" }, new[] { 5.0, 50 });
        private static readonly EvaluationColumns WithMethod = new(Plain.Gammas, Plain.AbsoluteGammas, Plain.Kinds, Plain.TopPercents) { MethodColumn = true };

        [Fact]
        public void The_method_column_round_trips_and_its_absence_reads_as_rex()
        {
            EvaluationRow row = Row(3, "rise", "zero", 0.4);
            string header = EvaluationCsv.Header(WithMethod);
            Assert.Equal("image_index,image,true_class,method,mode", string.Join(",", header.Split(',').Take(5)));
            EvaluationColumns parsed = EvaluationCsv.ParseHeader(header);
            Assert.True(parsed.MethodColumn);
            Assert.True(parsed.SameAs(WithMethod));
            Assert.False(parsed.SameAs(Plain));

            EvaluationRow back = EvaluationCsv.TryParse(EvaluationCsv.Format(row, methodColumn: true), parsed)!;
            Assert.Equal("rise", back.Method);
            Assert.Equal("zero", back.Mode);
            Assert.Equal(EvaluationCsv.Format(row, true), EvaluationCsv.Format(back, true));

            // Without the column: the header and line of a run before methods existed; the row reads as rex's.
            EvaluationColumns old = EvaluationCsv.ParseHeader(EvaluationCsv.Header(Plain));
            Assert.False(old.MethodColumn);
            EvaluationRow rex = EvaluationCsv.TryParse(EvaluationCsv.Format(row), old)!;
            Assert.Equal("rex", rex.Method);
            Assert.Equal(EvaluationCsv.Format(row), EvaluationCsv.Format(rex));

            // A line of the other layout is not a row of this file.
            Assert.Null(EvaluationCsv.TryParse(EvaluationCsv.Format(row), parsed));
            Assert.Null(EvaluationCsv.TryParse(EvaluationCsv.Format(row, true), old));
        }

        [Fact]
        public void Summaries_group_by_method_and_mode_and_pair_AD_within_each_method()
        {
            // rex: AD ahead of zero on every image; rise: AD behind zero on every image.
            EvaluationRow[] rows = Enumerable.Range(0, 6).SelectMany(i => new[]
            {
                Row(i, "rex", "ad", 0.9), Row(i, "rex", "zero", 0.1), Row(i, "rise", "ad", 0.2), Row(i, "rise", "zero", 0.7),
            }).ToArray();
            var modes = ModeSummary.ByMethodAndMode(rows, Plain, new[] { "rex", "rise" }, new[] { "ad", "zero" });
            Assert.Equal(new[] { "rex/ad", "rex/zero", "rise/ad", "rise/zero" }, modes.Select(m => m.Label));
            Assert.Equal(new[] { "rex", "rise" }, ModeSummary.ByMethod(modes).Select(g => g.Method));

            string md = SummaryMarkdown.Render("t", new string[0], modes);
            Assert.Contains("## Methods", md);
            Assert.Contains("| rise | 12 | ", md);
            Assert.Contains("| rex/zero | +0.800 | 6 | 0 | 0 | 0.031 |", md);
            Assert.Contains("| rise/zero | -0.500 | 0 | 6 | 0 | 0.031 |", md);

            // rex alone: labels are the modes, as before methods existed, and there is no methods table.
            var rexOnly = ModeSummary.ByMode(rows.Where(r => r.Method == "rex"), Plain, new[] { "ad", "zero" });
            Assert.Equal(new[] { "ad", "zero" }, rexOnly.Select(m => m.Label));
            Assert.DoesNotContain("## Methods", SummaryMarkdown.Render("t", new string[0], rexOnly));
        }

        private static EvaluationRow Row(int index, string method, string mode, double v) => ReportTests.Row(index, mode, r0: v) with
        {
            Method = method,
            Robustness = new[] { v, v },
            AbsoluteRobustness = new[] { v / 2 },
            KindRobustness = new[] { v, v, v / 2, v / 2 },
            TopRobustness = new[] { v, v, v, v },
        };
    }
}
