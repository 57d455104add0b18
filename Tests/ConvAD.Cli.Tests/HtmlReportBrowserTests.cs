using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using PuppeteerSharp;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>
    /// The HTML reports of <c>convad explain --report</c> and <c>convad evaluate</c>, opened in a real headless Chromium (the
    /// system's, Debian's <c>chromium</c> package; .ci/run installs it): the page renders, every picture decodes, the console
    /// stays clean, and user data (a file name with markup in it) shows as text. A screenshot of each page is saved under
    /// the test's output folder (<c>browser-screenshots/</c> beside the test assembly). No browser is downloaded and the page
    /// fetches nothing: a missing Chromium fails these tests with how to install it.
    /// </summary>
    public sealed class HtmlReportBrowserTests
    {
        private static readonly string ResNet20 = RepoPaths.File("models", "cifar10", "resnet20.onnx");

        [Fact]
        public async Task Explain_report_shows_every_picture_and_the_file_name_as_text()
        {
            using var scratch = new ScratchDirectory();
            // A file name a browser would parse as markup if it were not escaped.
            string image = scratch.File("cat <b>bold & 'quoted'.jpg");
            File.Copy(RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg"), image);
            string output = scratch.File("out");
            (int exit, _, string error) = CliRunner.Run("explain", "-m", ResNet20, image, "--iterations", "2", "--compare", "--report", "-o", output);
            Assert.True(exit == 0, error);

            PageCheck page = await Open(Path.Combine(output, ExplanationReport.FileName), "explain-report.png");

            // Heatmap, overlay, mask and the comparison sheet.
            Assert.Equal(4, page.Images);
            Assert.Contains("cat <b>bold & 'quoted'.jpg", page.Text);
            Assert.Equal(0, page.BoldElements);
            Assert.Contains("convad explain -m", page.Text);
            Assert.Contains("--report", page.Text);
            Assert.Contains("layer-masking", page.Text);
            Assert.Contains("blur", page.Text);
        }

        [Fact]
        public async Task Evaluate_report_shows_every_chart_and_the_numbers()
        {
            using var scratch = new ScratchDirectory();
            string output = scratch.File("eval");
            (int exit, _, string error) = CliRunner.Run("evaluate", "-m", ResNet20, "--images", RepoPaths.File("data", "cifar10-test"), "--limit", "3",
                "--modes", "ad,zero", "--iterations", "1", "--backgrounds", "4", "--auc-steps", "3", "-o", output);
            Assert.True(exit == 0, error);

            PageCheck page = await Open(Path.Combine(output, EvaluationReport.ReportFile), "evaluate-report.png");

            // Robustness, robustness by size, size, confidence.
            Assert.Equal(4, page.Images);
            Assert.Contains("mean r(E), γ = 0.5", page.Text);
            Assert.Contains("convad evaluate -m", page.Text);
        }

        /// <summary>What the browser saw of one page.</summary>
        private sealed record PageCheck(int Images, string Text, int BoldElements);

        /// <summary>
        /// Opens <paramref name="html"/> in headless Chromium and checks what every report must satisfy (it loaded, each image
        /// decoded with a non-zero natural width, no console error or page error); saves a full-page screenshot.
        /// </summary>
        private static async Task<PageCheck> Open(string html, string screenshot)
        {
            var errors = new List<string>();
            await using IBrowser browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                Headless = true,
                ExecutablePath = Chromium(),
                // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
                Args = new[] { "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run" },
            });
            await using IPage page = await browser.NewPageAsync();
            page.Console += (_, e) =>
            {
                if (e.Message.Type == ConsoleType.Error)
                {
                    errors.Add("console: " + e.Message.Text);
                }
            };
            page.PageError += (_, e) => errors.Add("page: " + e.Message);
            page.RequestFailed += (_, e) => errors.Add("request failed: " + e.Request.Url);
            await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
            IResponse response = await page.GoToAsync(new Uri(html).AbsoluteUri, WaitUntilNavigation.Load);
            Assert.True(response.Ok, $"{html}: {response.Status}");

            bool[] loaded = await page.EvaluateExpressionAsync<bool[]>("Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)");
            string text = await page.EvaluateExpressionAsync<string>("document.body.innerText");
            int bold = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('b').length");
            int height = await page.EvaluateExpressionAsync<int>("document.body.scrollHeight");

            string folder = Path.Combine(AppContext.BaseDirectory, "browser-screenshots");
            Directory.CreateDirectory(folder);
            string shot = Path.Combine(folder, screenshot);
            await page.ScreenshotAsync(shot, new ScreenshotOptions { FullPage = true });

            Assert.Empty(errors);
            Assert.NotEmpty(loaded);
            Assert.All(loaded, Assert.True);
            Assert.True(height > 500, $"the page is only {height} px high");
            Assert.True(new FileInfo(shot).Length > 10_000, shot);
            return new PageCheck(loaded.Length, text, bold);
        }

        /// <summary>The system's Chromium: CONVAD_CHROMIUM if set, else chromium (Debian), chromium-browser or google-chrome on PATH.</summary>
        private static string Chromium()
        {
            string? configured = Environment.GetEnvironmentVariable("CONVAD_CHROMIUM");
            if (!string.IsNullOrEmpty(configured))
            {
                Assert.True(File.Exists(configured), $"CONVAD_CHROMIUM names {configured}, which does not exist");
                return configured;
            }

            string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            string? found = new[] { "chromium", "chromium-browser", "google-chrome" }
                .SelectMany(name => path.Select(dir => Path.Combine(dir, name)))
                .FirstOrDefault(File.Exists);
            Assert.True(found != null,
                "headless Chromium is needed to test the HTML reports and none was found on PATH (chromium, chromium-browser, google-chrome): "
                + "install Debian's package (apt-get install -y chromium; .ci/run does) or set CONVAD_CHROMIUM to the browser's executable");
            return found!;
        }
    }
}
