using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using ConvAD.Rendering;
using ConvAD.Tests.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
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

        [Fact]
        public void Explanation_report_names_the_method_of_each_row_only_when_methods_are_compared()
        {
            var classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            var explainer = classifier.CreateExplainer(new ExplainerOptions { Iterations = 1 });
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            ExplanationResult rex = explainer.Explain(input, Perturbation.ActivationDeactivation);
            ExplanationResult occlusion = explainer.ExplainWith(input, Perturbation.ActivationDeactivation, new OcclusionOptions());
            using Image<Rgb24> image = ExplainerFixture.Image(ExplainerFixture.ResNet20);
            using Image<Rgb24> fitted = classifier.Fit(image);
            using var scratch = new ScratchDirectory();
            ExplanationFilePaths files = ExplanationFiles.Write(scratch.Path, "cat", fitted, rex);

            string alone = File.ReadAllText(ExplanationReport.Write(scratch.Path, "ResNet-20", new[] { new ReportedExplanation("cat.jpg", rex, files, new[] { rex }) }));
            Assert.DoesNotContain("<th>method</th>", alone);

            string compared = File.ReadAllText(ExplanationReport.Write(scratch.Path, "ResNet-20",
                new[] { new ReportedExplanation("cat.jpg", rex, files, new[] { rex, occlusion }) }));
            Assert.Contains("<th>method</th><th>perturbation</th>", compared);
            Assert.Contains("<tr><td>rex</td><td>ad</td>", compared);
            Assert.Contains("<tr><td>occlusion</td><td>ad</td>", compared);
        }
    }
}
