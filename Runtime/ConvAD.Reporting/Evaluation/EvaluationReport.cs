using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ConvAD.Charts;
using ConvAD.Rendering;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// Writes summary.md, the charts (robustness, size, confidence, robustness-by-size; each a PNG and an SVG) and report.html for a
    /// set of rows. Everything is a function of the rows.
    /// </summary>
    public static class EvaluationReport
    {
        /// <summary>The Markdown tables.</summary>
        public const string SummaryFile = "summary.md";

        /// <summary>The ρ-robustness curves.</summary>
        public const string RobustnessFile = "robustness.png";

        /// <summary>The explanation sizes per mode.</summary>
        public const string SizeFile = "size.png";

        /// <summary>The confidence kept per mode.</summary>
        public const string ConfidenceFile = "confidence.png";

        /// <summary>The size-controlled robustness curves.</summary>
        public const string SizeRobustnessFile = "robustness-by-size.png";

        /// <summary>The self-contained HTML page with the charts and the summary.</summary>
        public const string ReportFile = "report.html";

        /// <summary>
        /// Writes the files for <paramref name="rows"/> into <paramref name="folder"/>; <paramref name="commandLine"/>, when given, is
        /// shown in report.html as the command that made it.
        /// </summary>
        public static EvaluationReportFiles Write(string folder, string title, IEnumerable<string> context, IReadOnlyList<EvaluationRow> rows,
            EvaluationColumns columns, IReadOnlyList<string> modeOrder, string? commandLine = null) =>
            Write(folder, title, context, rows, columns, new[] { Explanation.Explainer.RexMethod }, modeOrder, commandLine);

        /// <summary>
        /// Writes the files for <paramref name="rows"/> of several explainers: tables and charts have one entry per method × mode
        /// (<c>method/mode</c>), methods in <paramref name="methodOrder"/>, and AD is paired with each method's own other modes.
        /// </summary>
        public static EvaluationReportFiles Write(string folder, string title, IEnumerable<string> context, IReadOnlyList<EvaluationRow> rows,
            EvaluationColumns columns, IReadOnlyList<string> methodOrder, IReadOnlyList<string> modeOrder, string? commandLine = null)
        {
            ArgumentNullException.ThrowIfNull(rows);
            ArgumentNullException.ThrowIfNull(columns);
            IReadOnlyList<ModeSummary> modes = ModeSummary.ByMethodAndMode(rows, columns, methodOrder, modeOrder);
            var files = new EvaluationReportFiles(Path.Combine(folder, SummaryFile), Path.Combine(folder, RobustnessFile), Path.Combine(folder, SizeFile),
                Path.Combine(folder, ConfidenceFile), columns.TopPercents.Count > 0 ? Path.Combine(folder, SizeRobustnessFile) : null,
                Path.Combine(folder, ReportFile));
            string[] contextLines = context.ToArray();
            string markdown = SummaryMarkdown.Render(title, contextLines, modes);
            AtomicFile.Write(files.Summary, s => s.Write(new UTF8Encoding(false).GetBytes(markdown)));
            if (modes.Count > 0)
            {
                string[] names = modes.Select(m => m.Label).ToArray();
                int images = rows.Select(r => r.ImageIndex).Distinct().Count();
                string suffix = $" ({images} images)";
                RobustnessChart.Render(title + suffix, modes).Save(files.Robustness);
                DistributionChart.Render("Explanation size" + suffix, "share of pixels in the explanation", names, modes.Select(m => m.Sizes).ToArray(), percent: true)
                    .Save(files.Size);
                DistributionChart.Render("Confidence kept" + suffix, "confidence on E alone / original, under the mode", names,
                    modes.Select(m => m.Ratios).ToArray(), percent: false).Save(files.Confidence);
                if (files.SizeRobustness != null)
                {
                    SizeRobustnessChart.Render("Robustness at equal size" + suffix, modes).Save(files.SizeRobustness);
                }
            }

            EvaluationReportPage.Write(files, title, contextLines, modes, markdown, commandLine);
            return files;
        }
    }
}
