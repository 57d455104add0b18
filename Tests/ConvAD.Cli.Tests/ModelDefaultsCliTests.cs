using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>
    /// A model without a sidecar: the defaults come from the model where it can say (1 channel is grey), and the CLI says once,
    /// on stderr, which defaults it assumed; stdout (and so <c>--json</c>) is as it would be with a sidecar.
    /// </summary>
    public sealed class ModelDefaultsCliTests
    {
        private const string Notice = "convad: no model description beside mnist-8.onnx (mnist-8.convad.json); assumed defaults: "
            + "Gray (the model's input has 1 channel), pixels in [0, 1], no mean/std, stretch resize, logits, no labels (docs/model-description.md)";

        [Fact]
        public void A_one_channel_model_without_a_sidecar_verifies_as_gray()
        {
            // Before, this ended with "colorOrder is RGB but the model's input has 1 channel" (exit 3).
            using var scratch = new ScratchDirectory();
            string model = scratch.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"));
            (int exit, string output, string error) = CliRunner.Run("verify", model, "--masks", "6");
            Assert.True(exit == 0, error);
            Assert.EndsWith("PASS", output.Trim());
            Assert.Equal(Notice, error.Trim());
        }

        [Fact]
        public void The_notice_is_said_once_on_stderr_and_json_stays_clean()
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"));
            string image = RepoPaths.File("data", "photos", "kitten_224.png");
            (int exit, string output, string error) = CliRunner.Run("predict", image, image, "-m", model, "--json");
            Assert.True(exit == 0, error);
            Assert.Equal(Notice, Assert.Single(error.Split('\n', System.StringSplitOptions.RemoveEmptyEntries)));
            string[] lines = output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.All(lines, line => Assert.Equal(5, CliRunner.Json(line).GetProperty("top").GetArrayLength()));
        }

        [Fact]
        public void A_model_with_a_sidecar_gets_no_notice()
        {
            (int exit, string output, string error) = CliRunner.Run("verify", RepoPaths.File("models", "mnist", "mnist-8.onnx"), "--masks", "6", "--json");
            Assert.True(exit == 0, error);
            Assert.Equal("", error);
            Assert.True(CliRunner.Json(output.Trim()).GetProperty("pass").GetBoolean());
        }
    }
}
