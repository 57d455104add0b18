using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Cli;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>The CLI contract of docs/cli.md: outputs, JSON fields and exit codes.</summary>
    public sealed class CliTests
    {
        [Fact]
        public void Predict_on_the_embedded_default_finds_the_tabby()
        {
            var (exit, output, error) = CliRunner.Run("predict", RepoPaths.File("data", "photos", "kitten_224.png"), "--top", "3", "--json");
            Assert.Equal(0, exit);
            Assert.Equal("", error);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.EndsWith("kitten_224.png", json.GetProperty("image").GetString());
            JsonElement first = json.GetProperty("top")[0];
            Assert.Equal("tabby", first.GetProperty("label").GetString());
            Assert.Equal(281, first.GetProperty("index").GetInt32());
            Assert.InRange(first.GetProperty("confidence").GetDouble(), 0.92, 0.94);
            Assert.Equal(3, json.GetProperty("top").GetArrayLength());
        }

        [Fact]
        public void Info_reports_the_plan_summary()
        {
            var (exit, output, _) = CliRunner.Run("info", RepoPaths.File("models", "cifar10", "resnet20.onnx"), "--json");
            Assert.Equal(0, exit);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.True(json.GetProperty("supported").GetBoolean());
            Assert.Equal(10, json.GetProperty("classes").GetInt32());
            Assert.True(json.GetProperty("checkpoints").GetInt32() > 0);
            Assert.True(json.GetProperty("batch").GetProperty("symbolic").GetBoolean());
            Assert.Equal("NCHW", json.GetProperty("inputs")[0].GetProperty("layout").GetString());
        }

        [Fact]
        public void Verify_passes_on_real_images()
        {
            var (exit, output, _) = CliRunner.Run("verify", RepoPaths.File("models", "mnist", "mnist-8.onnx"), "--masks", "10", "--json");
            Assert.Equal(0, exit);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.True(json.GetProperty("pass").GetBoolean());
            Assert.True(json.GetProperty("identity").GetProperty("pass").GetBoolean());
            Assert.Equal(0, json.GetProperty("noLeak").GetProperty("maxAbsDiff").GetDouble());
            Assert.Equal(10, json.GetProperty("noLeak").GetProperty("masks").GetInt32());

            var (realExit, realOutput, _) = CliRunner.Run("verify", RepoPaths.File("models", "cifar10", "resnet20.convad.json"), "--images", RepoPaths.File("data", "cifar10-test"), "--limit", "2", "--json");
            Assert.Equal(0, realExit);
            Assert.True(CliRunner.Json(realOutput.Trim()).GetProperty("realImages").GetBoolean());
        }

        [Fact]
        public void Verify_exits_2_and_names_the_node_for_an_unsupported_model()
        {
            var (exit, output, _) = CliRunner.Run("verify", RepoPaths.File("Tests", "Fixtures", "models", "special", "resize_cnn.onnx"), "--json");
            Assert.Equal(2, exit);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.False(json.GetProperty("supported").GetBoolean());
            Assert.Equal("/up/Resize", json.GetProperty("node").GetString());
            Assert.Equal("Resize", json.GetProperty("op").GetString());
        }

        [Fact]
        public void Bench_reports_both_throughputs_and_their_ratio()
        {
            var (exit, output, _) = CliRunner.Run("bench", RepoPaths.File("models", "mnist", "mnist-8.onnx"), "--batch", "4", "--runs", "3", "--warmup", "1", "--json");
            Assert.Equal(0, exit);
            JsonElement json = CliRunner.Json(output.Trim());
            double plain = json.GetProperty("plainImagesPerSecond").GetDouble();
            double convAd = json.GetProperty("convAdImagesPerSecond").GetDouble();
            Assert.True(plain > 0 && convAd > 0);
            Assert.Equal(convAd / plain, json.GetProperty("ratio").GetDouble(), 6);
        }

        [Theory]
        [InlineData("predict", "no-such-image.png")]
        [InlineData("info", "no-such-model.onnx")]
        [InlineData("verify", "no-such-model.onnx")]
        [InlineData("bench", "no-such-model.onnx")]
        public void Missing_files_give_one_clear_line(string command, string file)
        {
            var (exit, output, error) = CliRunner.Run(command, file);
            Assert.NotEqual(0, exit);
            Assert.Equal("", output);
            string line = Assert.Single(error.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("convad: ", line);
            Assert.Contains("no-such", line);
        }

        [Fact]
        public void Corrupt_model_and_image_give_one_clear_line()
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Write("corrupt.onnx", "this is not a protobuf");
            string image = scratch.Write("corrupt.png", "this is not a png");
            foreach (string[] args in new[] { new[] { "info", model }, new[] { "predict", image } })
            {
                var (exit, _, error) = CliRunner.Run(args);
                Assert.Equal(3, exit);
                Assert.Single(error.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
                Assert.DoesNotContain("   at ", error);
            }

            Assert.Equal("this is not a png", File.ReadAllText(image)); // inputs are never touched
        }

        [Fact]
        public void Invalid_option_values_are_rejected()
        {
            var (exit, _, error) = CliRunner.Run("verify", RepoPaths.File("models", "mnist", "mnist-8.onnx"), "--threshold", "2");
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("--threshold", error);
            var (topExit, _, topError) = CliRunner.Run("predict", RepoPaths.File("data", "photos", "fish.png"), "--top", "0");
            Assert.Equal(ExitCodes.Usage, topExit);
            Assert.Contains("--top", topError);
        }
    }
}
