using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ConvAD.Html;

namespace ConvAD.Evaluation
{
    /// <summary>report.html of an evaluation: the command, the per-mode numbers, every chart embedded, and the full Markdown summary.</summary>
    internal static class EvaluationReportPage
    {
        public static void Write(EvaluationReportFiles files, string title, IReadOnlyList<string> context, IReadOnlyList<ModeSummary> modes,
            string markdown, string? commandLine)
        {
            var page = new HtmlPage("ConvAD evaluation: " + title);
            if (commandLine != null)
            {
                page.Heading(2, "Command").Preformatted(commandLine);
            }

            foreach (string line in context)
            {
                page.Paragraph(line);
            }

            if (modes.Count > 0)
            {
                IReadOnlyList<double> gammas = modes[0].Gammas;
                page.Heading(2, "Per mode")
                    .Table(new[] { "mode", "images", "sufficient", "mean size", "median size", "mean confidence kept" }
                            .Concat(gammas.Select(g => $"mean r(E), γ = {Number(g, "0.##")}")).ToArray(),
                        modes.Select(m => (IReadOnlyList<string>)new[]
                            {
                                m.Label, m.Images.ToString(CultureInfo.InvariantCulture), m.Sufficient.ToString(CultureInfo.InvariantCulture),
                                Number(100 * m.MeanSize, "0.0") + "%", Number(100 * m.MedianSize, "0.0") + "%", Number(m.MeanRatio, "0.000"),
                            }
                            .Concat(m.MeanRobustness.Select(r => Number(r, "0.000"))).ToArray()));
                page.Heading(2, "Charts");
                foreach ((string? png, string caption) in new[]
                {
                    ((string?)files.Robustness, "Share of images ρ-robust per γ"), (files.SizeRobustness, "Robustness at equal size"),
                    (files.Size, "Explanation size per mode"), (files.Confidence, "Confidence kept per mode"),
                })
                {
                    if (png != null && File.Exists(png))
                    {
                        page.Picture(png, caption);
                    }
                }
            }

            page.Heading(2, "Summary").Preformatted(markdown).Write(files.Report);
        }

        private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
    }
}
