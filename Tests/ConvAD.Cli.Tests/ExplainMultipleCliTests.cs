using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Cli;
using ConvAD.Tests.Cli;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary>
    /// <c>convad explain --multiple N</c> and <c>--contrast CLASS</c> on ResNet-20 and a real cat, under AD, layer masking and every
    /// masking value: the files, the JSON's counts and overlaps, and the usage errors.
    /// </summary>
    public sealed class ExplainMultipleCliTests
    {
        private static readonly string ResNet = RepoPaths.File("models", "cifar10", "resnet20.onnx");
        private static readonly string Cat = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        public static TheoryData<string[]> Modes => new TheoryData<string[]>
        {
            new[] { "--mode", "ad" }, new[] { "--mode", "layer-masking" },
            new[] { "--mode", "occlusion", "--mask-value", "zero" }, new[] { "--mode", "occlusion", "--mask-value", "mean" },
            new[] { "--mode", "occlusion", "--mask-value", "min" }, new[] { "--mode", "occlusion", "--mask-value", "random" },
            new[] { "--mode", "occlusion", "--mask-value", "noise" }, new[] { "--mode", "occlusion", "--mask-value", "blur" },
        };

        [Theory]
        [MemberData(nameof(Modes))]
        public void Multiple_writes_each_explanation_and_a_summary_with_counts_and_overlaps(string[] mode)
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run(new[] { "explain", Cat, "--model", ResNet, "--multiple", "3", "--spotlight-steps", "4",
                "-n", "2", "--seed", "1", "--out", scratch.Path, "--json" }.Concat(mode).ToArray());

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Equal("", stderr);
            JsonElement root = CliRunner.Json(stdout);
            JsonElement summary = root.GetProperty("summary");
            int count = summary.GetProperty("count").GetInt32();
            Assert.Equal("rex-multiple", summary.GetProperty("method").GetString());
            Assert.InRange(count, 0, 3);
            Assert.Equal(count, summary.GetProperty("explanations").GetArrayLength());
            Assert.Equal(count, root.GetProperty("files").GetProperty("overlays").GetArrayLength());
            JsonElement iou = summary.GetProperty("overlap").GetProperty("iou");
            Assert.Equal(count, iou.GetArrayLength());
            for (int i = 0; i < count; i++)
            {
                for (int j = 0; j < count; j++)
                {
                    // Disjoint by default: 0 off the diagonal, 1 on it.
                    Assert.Equal(i == j ? 1.0 : 0.0, iou[i][j].GetDouble());
                }
            }

            Assert.Equal(2 * count + 2, Directory.GetFiles(scratch.Path).Length);
            Assert.True(File.Exists(root.GetProperty("files").GetProperty("summary").GetString()));
            Assert.Contains(summary.GetProperty("stop").GetString(), new[] { "count-reached", "steps-spent", "exhausted", "no-first-explanation" });
        }

        [Theory]
        [MemberData(nameof(Modes))]
        public void Contrast_writes_the_region_and_a_summary(string[] mode)
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run(new[] { "explain", Cat, "--model", ResNet, "--contrast", "dog",
                "-n", "2", "--seed", "1", "--out", scratch.Path, "--json" }.Concat(mode).ToArray());

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Equal("", stderr);
            JsonElement summary = CliRunner.Json(stdout).GetProperty("summary");
            Assert.Equal("cat", summary.GetProperty("target").GetProperty("label").GetString());
            Assert.Equal("dog", summary.GetProperty("contrast").GetProperty("label").GetString());
            double area = summary.GetProperty("region").GetProperty("areaFraction").GetDouble();
            Assert.True(summary.GetProperty("found").GetBoolean() ? area > 0 : area == 1.0);
            Assert.Equal(4, Directory.GetFiles(scratch.Path).Length);
        }

        [Fact]
        public void Contrast_text_output_names_both_classes_and_the_region()
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, _) = CliRunner.Run("explain", Cat, "--model", ResNet, "--contrast", "5", "-n", "2", "--out", scratch.Path);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("contrast dog", stdout);
            Assert.True(File.Exists(Path.Combine(scratch.Path, "0000.contrast.mask.png")));
        }

        [Fact]
        public void An_image_whose_top_class_is_the_contrast_class_is_reported_and_skipped()
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run("explain", Cat, "--model", ResNet, "--contrast", "cat", "-n", "1", "--out", scratch.Path, "--json");
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Equal("", stderr);
            JsonElement root = CliRunner.Json(stdout);
            Assert.Equal("contrast-is-top-class", root.GetProperty("skipped").GetString());
            Assert.Equal("cat", root.GetProperty("target").GetProperty("label").GetString());
            Assert.Empty(Directory.GetFiles(scratch.Path));
        }

        [Theory]
        [InlineData("--multiple", "0")]
        [InlineData("--multiple", "2", "--contrast", "dog")]
        [InlineData("--multiple", "2", "--method", "rise")]
        [InlineData("--contrast", "dog", "--compare")]
        [InlineData("--contrast", "dog", "--target", "cat")]
        [InlineData("--multiple", "2", "--top-k", "2")]
        [InlineData("--multiple", "2", "--report")]
        [InlineData("--spotlight-radius", "3")]
        [InlineData("--max-overlap", "0.5")]
        [InlineData("--multiple", "2", "--max-overlap", "2")]
        [InlineData("--contrast", "unicorn")]
        [InlineData("--contrast", "10")]
        public void Nonsensical_combinations_are_usage_errors(params string[] args)
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run(new[] { "explain", Cat, "--model", ResNet, "-n", "1", "--out", scratch.Path }.Concat(args).ToArray());

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal("", stdout);
            Assert.StartsWith("convad: ", stderr);
            Assert.Empty(Directory.GetFiles(scratch.Path));
        }
    }
}
