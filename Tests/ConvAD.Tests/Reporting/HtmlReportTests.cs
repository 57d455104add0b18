using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ConvAD.Evaluation;
using ConvAD.Tests.Evaluation;
using Xunit;

namespace ConvAD.Tests.Reporting
{
    /// <summary>
    /// report.html as text: self-contained and escaped. HtmlReportBrowserTests (ConvAD.Cli.Tests) opens the reports in a
    /// real browser.
    /// </summary>
    public sealed class HtmlReportTests
    {
        [Fact]
        public void Evaluation_report_escapes_user_text_and_embeds_every_chart()
        {
            using var scratch = new ScratchDirectory();
            var rows = new[] { ReportTests.Row(0, "ad"), ReportTests.Row(0, "zero"), ReportTests.Row(1, "ad"), ReportTests.Row(1, "zero") };
            EvaluationReportFiles files = EvaluationReport.Write(scratch.Path, "<script>alert(1)</script>", new[] { "dataset: a & \"b\"" }, rows,
                EvaluationColumns.GammasOnly(new[] { 0.0, 0.5 }), new[] { "ad", "zero" }, "convad evaluate --images '<img src=x onerror=alert(2)>'");
            string html = File.ReadAllText(files.Report);

            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.Contains("dataset: a &amp; &quot;b&quot;", html);
            Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html);
            // Robustness, size, confidence; nothing outside the file is referenced.
            Assert.Equal(3, Regex.Matches(html, "<img src=\"data:image/png;base64,").Count);
            Assert.DoesNotMatch("(src|href)=\"(?!data:)", html);
        }
    }
}
