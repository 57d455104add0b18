using System;
using System.IO;
using System.Linq;
using ConvAD.Cli;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>What every command shares: unknown options are errors with a suggestion, --quiet, and one set of exit codes (docs/cli.md).</summary>
    public sealed class CliConventionTests
    {
        private static readonly string ResNet = RepoPaths.File("models", "cifar10", "resnet20.onnx");
        private static readonly string Mnist = RepoPaths.File("models", "mnist", "mnist-8.onnx");
        private static readonly string Cat = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        [Theory]
        [InlineData("explain")]
        [InlineData("predict")]
        public void A_mistyped_option_is_never_an_image_path(string command)
        {
            using var scratch = new ScratchDirectory();
            var (exit, output, error) = CliRunner.Run(command, "--mdoel", ResNet, Cat, "--out", scratch.Path);

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Equal("", output);
            Assert.Equal($"convad: unknown option '--mdoel' for '{command}'; did you mean '--model'?", error.Trim());
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
        }

        [Theory]
        [InlineData("info")]
        [InlineData("predict")]
        [InlineData("verify")]
        [InlineData("bench")]
        [InlineData("explain")]
        [InlineData("evaluate")]
        public void Every_command_refuses_an_unknown_option_with_the_usage_code(string command)
        {
            var (exit, output, error) = CliRunner.Run(command, "--no-such-option");

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Equal("", output);
            Assert.Contains("--no-such-option", error);
            Assert.DoesNotContain("not found", error);
        }

        [Fact]
        public void An_unmatched_option_gets_System_CommandLine_s_typo_correction()
        {
            var (exit, _, error) = CliRunner.Run("verify", Mnist, "--maks", "8");

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("'--maks' was not matched. Did you mean one of the following?", error);
            Assert.Contains("--masks", error);
        }

        [Fact]
        public void A_recursive_option_is_suggested_too()
        {
            var (exit, _, error) = CliRunner.Run("predict", "--quite", Cat, "-m", ResNet);

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("did you mean '--quiet'?", error);
        }

        [Fact]
        public void After_a_double_dash_an_option_like_token_is_a_path()
        {
            var (exit, _, error) = CliRunner.Run("predict", "-m", ResNet, "--", "--mdoel");

            Assert.Equal(ExitCodes.Error, exit);
            Assert.Contains("--mdoel", error);
            Assert.Contains("not found", error);
        }

        [Fact]
        public void An_unknown_command_is_a_usage_error()
        {
            var (exit, _, error) = CliRunner.Run("predcit", Cat);

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("predict", error);
        }

        [Fact]
        public void The_exit_codes_are_distinct_and_documented()
        {
            int[] codes = { ExitCodes.Ok, ExitCodes.Failed, ExitCodes.Unsupported, ExitCodes.Error, ExitCodes.Usage, ExitCodes.Interrupted };
            Assert.Equal(codes.Length, codes.Distinct().Count());
            string doc = File.ReadAllText(RepoPaths.File("docs", "cli.md"));
            foreach (int code in codes)
            {
                Assert.Contains($"\n| {code} |", doc);
            }
        }

        [Fact]
        public void Each_kind_of_failure_has_its_code()
        {
            Assert.Equal(ExitCodes.Ok, CliRunner.Run("predict", Cat, "-m", ResNet).Exit);
            Assert.Equal(ExitCodes.Unsupported, CliRunner.Run("verify", RepoPaths.File("Tests", "Fixtures", "models", "special", "resize_cnn.onnx")).Exit);
            Assert.Equal(ExitCodes.Error, CliRunner.Run("predict", "no-such-image.png", "-m", ResNet).Exit);
            Assert.Equal(ExitCodes.Usage, CliRunner.Run("predict", Cat, "-m", ResNet, "--top", "0").Exit);
            Assert.Equal(ExitCodes.Usage, CliRunner.Run("predict", Cat, "-m", ResNet, "--top", "three").Exit);
            Assert.Equal(ExitCodes.Usage, CliRunner.Run("predict").Exit);
        }

        [Fact]
        public void Quiet_leaves_the_results_and_drops_the_notes()
        {
            using var scratch = new ScratchDirectory();
            string[] args = { "explain", Cat, "--model", ResNet, "--iterations", "1", "--out", scratch.Path };
            var (exit, output, _) = CliRunner.Run(args);
            var (quietExit, quietOutput, quietError) = CliRunner.Run(args.Append("--quiet").ToArray());

            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Equal(ExitCodes.Ok, quietExit);
            Assert.Contains("  wrote ", output);
            Assert.DoesNotContain("wrote", quietOutput);
            Assert.Equal("", quietError);
            // The result lines stay (the second ends with the run's own time, so only the first is compared whole).
            string[] results = quietOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, results.Length);
            Assert.Equal(output.Split('\n')[0], results[0]);
            Assert.StartsWith("  explanation ", results[1]);
        }

        [Fact]
        public void Quiet_drops_evaluate_s_progress_lines()
        {
            using var scratch = new ScratchDirectory();
            var (exit, output, _) = CliRunner.Run("evaluate", "-m", Mnist, "--mnist", "--limit", "2", "--modes", "zero", "--iterations", "1",
                "--backgrounds", "3", "--auc-steps", "2", "-o", scratch.File("loud"));
            var (quietExit, quietOutput, _) = CliRunner.Run("evaluate", "-m", Mnist, "--mnist", "--limit", "2", "--modes", "zero", "--iterations", "1",
                "--backgrounds", "3", "--auc-steps", "2", "-o", scratch.File("quiet"), "-q");

            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Equal(ExitCodes.Ok, quietExit);
            Assert.Contains("[2/2]", output);
            Assert.Matches(@"elapsed \d+:\d\d", output);
            Assert.DoesNotContain("[1/2]", quietOutput);
            Assert.Contains("2 image(s) evaluated", quietOutput);
        }

        [Theory]
        [InlineData(0, 0.0, "elapsed 0:00")]
        [InlineData(65, 0.5, "elapsed 1:05, about 1:05 left")]
        [InlineData(30, 0.25, "elapsed 0:30, about 1:30 left")]
        [InlineData(10, 0.01, "elapsed 0:10")]
        [InlineData(3700, 0.5, "elapsed 1:01:40, about 1:01:40 left")]
        [InlineData(200, 1.0, "elapsed 3:20")]
        public void Progress_shows_elapsed_time_and_an_estimate_of_what_is_left(int seconds, double fraction, string expected)
        {
            Assert.Equal(expected, ExplainProgressBar.Timing(TimeSpan.FromSeconds(seconds), fraction));
        }
    }
}
