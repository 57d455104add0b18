using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Cli;
using ConvAD.Tests.Cli;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary><c>convad explain --method occlusion|rise|kernelshap</c>: an attribution map per image, and the method options' usage errors.</summary>
    public sealed class ExplainMethodCliTests
    {
        private static readonly string ResNet = RepoPaths.File("models", "cifar10", "resnet20.onnx");
        private static readonly string Cat = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        [Theory]
        [InlineData("occlusion", "ad", "--window", "8", 1 + 7 * 7)]
        [InlineData("rise", "occlusion", "--rise-masks", "40", 40)]
        [InlineData("kernelshap", "layer-masking", "--shap-samples", "30", 2 + 30)]
        public void Each_method_writes_a_heatmap_a_map_and_a_summary(string method, string mode, string option, string value, int mutants)
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run("explain", Cat, "--model", ResNet, "--method", method, "--mode", mode, option, value,
                "--seed", "3", "--out", scratch.Path, "--json");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Equal("", stderr);
            JsonElement root = CliRunner.Json(stdout);
            JsonElement summary = root.GetProperty("summary");
            Assert.Equal(method, summary.GetProperty("method").GetString());
            Assert.Equal(mode == "occlusion" ? "zero" : mode, summary.GetProperty("mode").GetString());
            Assert.Equal("cat", summary.GetProperty("target").GetProperty("label").GetString());
            Assert.Equal(mutants, summary.GetProperty("mutants").GetInt32());
            Assert.Equal(3, summary.GetProperty("seed").GetInt64());
            foreach (string key in new[] { "heatmap", "attribution", "summary" })
            {
                Assert.True(File.Exists(root.GetProperty("files").GetProperty(key).GetString()), key);
            }

            Assert.Equal(32 * 32 * 4 + 128, new FileInfo(root.GetProperty("files").GetProperty("attribution").GetString()!).Length);
            Assert.Equal(3, Directory.GetFiles(scratch.Path).Length);
        }

        [Fact]
        public void Bench_with_a_method_times_its_masks_and_extraction_against_the_floor()
        {
            (int code, string stdout, string stderr) = CliRunner.Run("explain", Cat, "--model", ResNet, "--method", "occlusion", "--bench", "--runs", "1", "--json");
            Assert.True(code == 0, stderr);
            JsonElement root = CliRunner.Json(stdout.Trim());
            Assert.Equal("occlusion", root.GetProperty("method").GetString());

            // The window's 1 + 15·15 masks, the empty-mask check, then at least one extraction prefix.
            Assert.True(root.GetProperty("mutants").GetInt32() > 1 + 15 * 15 + 1);
            Assert.True(root.GetProperty("floorMs").GetDouble() > 0);
            Assert.True(root.GetProperty("ratio").GetDouble() > 0);
        }

        [Fact]
        public void Bench_under_ad_splits_the_ratio_into_the_forward_and_what_the_explainer_adds()
        {
            (int code, string stdout, string stderr) = CliRunner.Run("explain", Cat, "--model", ResNet, "--iterations", "2", "--bench", "--runs", "1", "--json");
            Assert.True(code == 0, stderr);
            JsonElement ad = CliRunner.Json(stdout.Trim());
            double plain = ad.GetProperty("plainImagesPerSecond").GetDouble(), convAd = ad.GetProperty("convAdImagesPerSecond").GetDouble();
            Assert.True(plain > 0 && convAd > 0, stdout);
            Assert.Equal(Math.Round(convAd / plain, 3), ad.GetProperty("forwardRatio").GetDouble(), 2);
            // The ratio to the plain floor is the forward's share times what the explainer adds (medians of one run: exact).
            Assert.Equal(ad.GetProperty("ratio").GetDouble(), ad.GetProperty("beyondForward").GetDouble() * plain / convAd, 2);

            (code, stdout, stderr) = CliRunner.Run("explain", Cat, "--model", ResNet, "--iterations", "2", "--mode", "occlusion", "--bench", "--runs", "1", "--json");
            Assert.True(code == 0, stderr);
            JsonElement zero = CliRunner.Json(stdout.Trim());
            Assert.False(zero.TryGetProperty("forwardRatio", out _), stdout); // the floor is the forward itself
        }

        [Theory]
        [InlineData("--method", "lime")]
        [InlineData("--window", "4")]
        [InlineData("--method", "rise", "--shap-samples", "10")]
        [InlineData("--method", "rise", "--rise-keep", "1.5")]
        [InlineData("--method", "occlusion", "--report")]
        public void Invalid_method_options_are_usage_errors(params string[] args)
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run(new[] { "explain", Cat, "--model", ResNet, "--out", scratch.Path }.Concat(args).ToArray());

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal("", stdout);
            Assert.StartsWith("convad: ", stderr);
            Assert.Empty(Directory.GetFiles(scratch.Path));
        }
    }
}
