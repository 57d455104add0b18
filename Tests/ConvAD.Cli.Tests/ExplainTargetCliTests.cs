using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Cli;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>explain --target LABEL|INDEX explains a chosen class; --top-k N each of the top N, one folder per class.</summary>
    public sealed class ExplainTargetCliTests
    {
        private static readonly string ResNet = RepoPaths.File("models", "cifar10", "resnet20.onnx");
        private static readonly string Cat = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        [Theory]
        [InlineData("DOG")]
        [InlineData("5")]
        public void Target_explains_the_named_class_by_label_or_index(string target)
        {
            using var scratch = new ScratchDirectory();
            var (exit, output, error) = CliRunner.Run("explain", Cat, "-m", ResNet, "--iterations", "2", "--target", target, "-o", scratch.Path, "--json");

            Assert.True(exit == ExitCodes.Ok, error);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.Equal(5, json.GetProperty("target").GetProperty("index").GetInt32());
            Assert.Equal("dog", json.GetProperty("target").GetProperty("label").GetString());
            Assert.True(File.Exists(json.GetProperty("files").GetProperty("heatmap").GetString()));
        }

        [Fact]
        public void The_target_s_map_differs_from_the_top_class_s()
        {
            using var scratch = new ScratchDirectory();
            var (_, top, _) = CliRunner.Run("explain", Cat, "-m", ResNet, "--iterations", "2", "-o", scratch.File("top"), "--json");
            var (_, dog, _) = CliRunner.Run("explain", Cat, "-m", ResNet, "--iterations", "2", "--target", "dog", "-o", scratch.File("dog"), "--json");

            Assert.Equal("cat", CliRunner.Json(top.Trim()).GetProperty("target").GetProperty("label").GetString());
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(scratch.File("top"), "0000.responsibility.npy")),
                File.ReadAllBytes(Path.Combine(scratch.File("dog"), "0000.responsibility.npy")));
        }

        [Theory]
        [InlineData("dgo", "--target 'dgo' is not a label of this model; did you mean 'dog'?")]
        [InlineData("10", "--target 10 is not a class: the model has 10 classes (0 to 9)")]
        [InlineData("-1", "--target '-1' is not a label of this model")]
        public void An_unknown_target_is_a_usage_error_with_a_suggestion(string target, string message)
        {
            using var scratch = new ScratchDirectory();
            var (exit, output, error) = CliRunner.Run("explain", Cat, "-m", ResNet, "--target", target, "-o", scratch.Path);

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Equal("", output);
            Assert.StartsWith("convad: " + message, error);
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
        }

        [Theory]
        [InlineData("--top-k", "0")]
        [InlineData("--top-k", "2", "--target", "dog")]
        public void Invalid_class_choices_are_usage_errors(params string[] options)
        {
            var (exit, _, error) = CliRunner.Run(new[] { "explain", Cat, "-m", ResNet }.Concat(options).ToArray());

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.StartsWith("convad: ", error);
        }

        [Fact]
        public void Top_k_explains_each_of_the_top_classes_in_its_own_folder()
        {
            using var scratch = new ScratchDirectory();
            var (_, predicted, _) = CliRunner.Run("predict", Cat, "-m", ResNet, "--top", "3", "--json");
            string[] labels = CliRunner.Json(predicted.Trim()).GetProperty("top").EnumerateArray().Select(p => p.GetProperty("label").GetString()!).ToArray();

            var (exit, output, error) = CliRunner.Run("explain", Cat, "-m", ResNet, "--iterations", "1", "--top-k", "3", "-o", scratch.Path, "--json");

            Assert.True(exit == ExitCodes.Ok, error);
            JsonElement[] lines = output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(CliRunner.Json).ToArray();
            Assert.Equal(labels, lines.Select(l => l.GetProperty("target").GetProperty("label").GetString()));
            Assert.Equal(new[] { 1, 2, 3 }, lines.Select(l => l.GetProperty("rank").GetInt32()));
            Assert.Equal(labels.Select((l, i) => $"top{i + 1}-{l}"), Directory.GetDirectories(scratch.Path).Select(Path.GetFileName).OrderBy(n => n));
            for (int i = 0; i < 3; i++)
            {
                string heatmap = lines[i].GetProperty("files").GetProperty("heatmap").GetString()!;
                Assert.Equal(Path.Combine(scratch.Path, $"top{i + 1}-{labels[i]}", "0000.heatmap.png"), heatmap);
                Assert.True(File.Exists(heatmap));
            }
        }
    }
}
