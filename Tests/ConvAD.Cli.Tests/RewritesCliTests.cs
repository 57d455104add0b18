using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>
    /// `info --explain-rewrites` says how each checkpoint is realised on ONNX Runtime and why a cheaper form was declined;
    /// `bench --profile` writes ONNX Runtime's traces and optimised graphs of both sessions.
    /// </summary>
    public sealed class RewritesCliTests
    {
        private static readonly string MobileNetV2 = RepoPaths.File("Tests", "Fixtures", "models", "torchvision", "mobilenet_v2.onnx");
        private static readonly string SqueezeNet = RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.onnx");

        [Fact]
        public void Every_checkpoint_of_mobilenet_v2_has_one_realisation()
        {
            var (exit, output, _) = CliRunner.Run("info", MobileNetV2, "--explain-rewrites", "--json");
            Assert.Equal(0, exit);
            JsonElement info = CliRunner.Json(output.Trim());
            JsonElement[] steps = info.GetProperty("rewrites").EnumerateArray().ToArray();
            Assert.Equal(info.GetProperty("checkpoints").GetInt32(), steps.Length);
            Assert.True(info.GetProperty("maskGrids").GetInt32() <= info.GetProperty("masks").GetInt32());

            string[] realisations = steps.Select(s => s.GetProperty("realisation").GetString()!).ToArray();
            // The expand convolutions of the inverted-residual blocks take early deactivation ...
            Assert.Contains(realisations, r => r.StartsWith("early deactivation at the input of 1×1 Conv", System.StringComparison.Ordinal));
            // ... the stem's Clip after a 3×3 stride-2 convolution cannot (the convolution mixes positions), and says why ...
            JsonElement stem = steps.First(s => s.GetProperty("realisation").GetString()!.StartsWith("multiply by the mask expanded", System.StringComparison.Ordinal));
            Assert.EndsWith("Clip_output_0", stem.GetProperty("tensor").GetString());
            Assert.False(string.IsNullOrEmpty(stem.GetProperty("declined").GetString()));
            // ... and the image needs no multiply in the engine's session: the engine zeroes occluded pixels before each call.
            JsonElement image = steps.Single(s => s.GetProperty("tensor").GetString() == "input");
            Assert.StartsWith("none: the engine zeroes occluded pixels", image.GetProperty("realisation").GetString());
            Assert.Contains("graph input", image.GetProperty("declined").GetString());
        }

        [Fact]
        public void Squeeze_and_excitation_means_are_listed_as_products()
        {
            // Before they were listed, a model's squeeze-and-excitation means were missing from the rewrites: fewer steps than
            // checkpoints.
            string model = RepoPaths.File("Tests", "Fixtures", "models", "torchvision", "mobilenet_v3_small.onnx");
            var (exit, output, _) = CliRunner.Run("info", model, "--explain-rewrites", "--json");
            Assert.Equal(0, exit);
            JsonElement info = CliRunner.Json(output.Trim());
            JsonElement[] steps = info.GetProperty("rewrites").EnumerateArray().ToArray();
            Assert.Equal(info.GetProperty("checkpoints").GetInt32(), steps.Length);
            JsonElement[] means = steps.Where(s => s.GetProperty("realisation").GetString()!.StartsWith("masked mean as a product", System.StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(means);
            Assert.All(means, m => Assert.Contains("Pool", m.GetProperty("consumer").GetString()));
        }

        [Fact]
        public void Squeezenet_checkpoints_are_relu_biases_and_the_text_counts_them()
        {
            var (_, json, _) = CliRunner.Run("info", SqueezeNet, "--json");
            int checkpoints = CliRunner.Json(json.Trim()).GetProperty("checkpoints").GetInt32();

            var (exit, output, _) = CliRunner.Run("info", SqueezeNet, "--explain-rewrites");
            Assert.Equal(0, exit);
            string[] lines = output.Replace("\r\n", "\n").Split('\n');
            Assert.Contains(lines, l => l.StartsWith($"Rewrites     {checkpoints} checkpoints;", System.StringComparison.Ordinal));
            // Every checkpoint after the image is on a ReLU or a Concat of ReLUs (Fire modules): the summary counts them, and
            // the image's own checkpoint is left to the engine.
            Assert.Contains(lines, l => l.Trim() == "1 × none: the engine zeroes occluded pixels before the call");
            int relu = lines.Where(l => l.Contains(" × ReLU bias", System.StringComparison.Ordinal))
                .Sum(l => int.Parse(l.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(checkpoints - 1, relu);
        }

        [Fact]
        public void Bench_profile_writes_both_sessions_traces_and_optimised_graphs()
        {
            string dir = Path.Combine(Path.GetTempPath(), "convad-profile-" + System.Guid.NewGuid().ToString("N"));
            try
            {
                var (exit, _, error) = CliRunner.Run("bench", RepoPaths.File("models", "cifar10", "resnet20.onnx"), "--batch", "2", "--runs", "1",
                    "--warmup", "0", "--profile", dir);
                Assert.True(exit == 0, error);
                foreach (string kind in new[] { "plain", "convad" })
                {
                    string trace = Assert.Single(Directory.GetFiles(dir, kind + "_*.json"));
                    using JsonDocument events = JsonDocument.Parse(File.ReadAllText(trace));
                    Assert.Contains(events.RootElement.EnumerateArray(), e => e.TryGetProperty("cat", out JsonElement c) && c.GetString() == "Node");
                    Assert.True(new FileInfo(Path.Combine(dir, kind + ".optimized.onnx")).Length > 0);
                }
            }
            finally
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        [Fact]
        public void Bench_profile_on_a_device_is_a_usage_error()
        {
            var (exit, _, error) = CliRunner.Run("bench", RepoPaths.File("models", "mnist", "mnist-8.onnx"), "--device", "cuda-emulated", "--profile", Path.GetTempPath());
            Assert.Equal(64, exit);
            Assert.Contains("--profile", error);
        }
    }
}
