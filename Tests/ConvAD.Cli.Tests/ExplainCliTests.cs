using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Cli;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    public sealed class ExplainCliTests
    {
        private static readonly string ResNet = RepoPaths.File("models", "cifar10", "resnet20.onnx");
        private static readonly string Cat = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        [Fact]
        public void Ctrl_c_stops_an_explanation_cleanly()
        {
            using var scratch = new ScratchDirectory();
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var console = new CliConsole(stdout, stderr);
            console.Interrupt(); // as Ctrl+C does, here before the first batch

            int code = Program.Run(new[] { "explain", Cat, "--model", ResNet, "--out", scratch.Path }, console);

            Assert.Equal(ExitCodes.Interrupted, code);
            Assert.Equal("convad: interrupted", stderr.ToString().Trim());
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path, "*", SearchOption.AllDirectories));
        }

        [Fact]
        public void Explain_writes_pictures_and_one_json_object_per_image()
        {
            using var scratch = new ScratchDirectory();
            string dog = RepoPaths.File("data", "cifar10-test", "dog", "0000.jpg");
            byte[] before = File.ReadAllBytes(Cat);
            (int code, string stdout, string stderr) = Run("explain", Cat, dog, "--model", ResNet, "--iterations", "2", "--seed", "5",
                "--mode", "occlusion", "--mask-value", "mean", "--out", scratch.Path, "--json");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Equal("", stderr);
            string[] lines = stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            using JsonDocument doc = JsonDocument.Parse(lines[0]);
            JsonElement root = doc.RootElement;
            Assert.Equal(Cat, root.GetProperty("image").GetString());
            Assert.Equal("occlusion", root.GetProperty("mode").GetString());
            Assert.Equal("mean", root.GetProperty("maskValue").GetString());
            Assert.Equal(5, root.GetProperty("seed").GetInt64());
            Assert.Equal("cat", root.GetProperty("target").GetProperty("label").GetString());
            Assert.True(root.GetProperty("explanation").GetProperty("area").GetInt32() > 0);
            Assert.True(root.GetProperty("mutants").GetInt32() > 0);
            Assert.True(root.GetProperty("elapsedMs").GetDouble() > 0);
            foreach (string key in new[] { "heatmap", "overlay", "mask", "responsibility" })
            {
                Assert.True(File.Exists(root.GetProperty("files").GetProperty(key).GetString()), key);
            }

            Assert.Equal(before, File.ReadAllBytes(Cat));
            Assert.Empty(Directory.GetFiles(scratch.Path, "*.tmp"));
            Assert.Equal(14, Directory.GetFiles(scratch.Path).Length); // per image 4 at the model's size, 3 at the image's (full)
        }

        [Fact]
        public void Compare_writes_a_sheet_with_every_perturbation()
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, _) = Run("explain", Cat, "--model", ResNet, "--iterations", "1", "--out", scratch.Path, "--compare", "--json");

            Assert.Equal(ExitCodes.Ok, code);
            using JsonDocument doc = JsonDocument.Parse(stdout);
            Assert.Equal(8, doc.RootElement.GetProperty("comparison").GetArrayLength());
            Assert.Equal(new[] { "ad", "layer-masking", "occlusion" },
                doc.RootElement.GetProperty("comparison").EnumerateArray().Select(c => c.GetProperty("mode").GetString()).Distinct());
            Assert.True(File.Exists(doc.RootElement.GetProperty("files").GetProperty("comparison").GetString()));
        }

        [Fact]
        public void Layer_masking_explains_with_its_own_mode_name_and_no_masking_value()
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = Run("explain", Cat, "--model", ResNet, "--iterations", "2", "--mode", "layer-masking",
                "--out", scratch.Path, "--json");

            Assert.True(code == ExitCodes.Ok, stderr);
            using JsonDocument doc = JsonDocument.Parse(stdout);
            Assert.Equal("layer-masking", doc.RootElement.GetProperty("mode").GetString());
            Assert.Equal("none", doc.RootElement.GetProperty("maskValue").GetString());
            Assert.True(doc.RootElement.GetProperty("explanation").GetProperty("sufficient").GetBoolean());
        }

        [Theory]
        [InlineData("--mode", "layer-masking", "--mask-value", "zero")]
        [InlineData("--stem-fill", "mean")]
        [InlineData("--global-mean", "median")]
        [InlineData("--mode", "erase")]
        [InlineData("--mode", "occlusion", "--mask-value", "grey")]
        [InlineData("--mask-value", "zero")]
        [InlineData("--iterations", "0")]
        [InlineData("--batch", "0")]
        [InlineData("--threshold", "2")]
        [InlineData("--colormap", "jet")]
        public void Invalid_options_give_one_error_line_and_a_usage_exit_code(params string[] options)
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = Run(new[] { "explain", Cat, "--model", ResNet, "--out", scratch.Path }.Concat(options).ToArray());

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal("", stdout);
            Assert.Single(stderr.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("convad: ", stderr);
            Assert.Empty(Directory.GetFiles(scratch.Path));
        }

        [Fact]
        public void Unreadable_and_missing_images_give_one_error_line()
        {
            using var scratch = new ScratchDirectory();
            string corrupt = scratch.Write("corrupt.png", new byte[] { 1, 2, 3, 4 });
            foreach (string image in new[] { corrupt, scratch.File("missing.png") })
            {
                (int code, string stdout, string stderr) = Run("explain", Cat, image, "--model", ResNet, "--out", scratch.File("out"));
                Assert.Equal(ExitCodes.Error, code);
                Assert.Equal("", stdout);
                Assert.Single(stderr.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
                Assert.False(Directory.Exists(scratch.File("out")), "nothing is written when an input is bad");
            }
        }

        private static (int Code, string Stdout, string Stderr) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = Program.Run(args, stdout, stderr);
            return (code, stdout.ToString(), stderr.ToString());
        }
    }
}
