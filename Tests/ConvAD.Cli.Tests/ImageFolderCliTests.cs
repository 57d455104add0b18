using System.IO;
using System.Linq;
using ConvAD.Cli;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>predict and explain take folders and patterns of images: image files by extension, sorted, one output folder per image.</summary>
    public sealed class ImageFolderCliTests
    {
        private static readonly string ResNet = RepoPaths.File("models", "cifar10", "resnet20.onnx");

        [Fact]
        public void Predict_takes_a_folder_s_images_in_order_and_skips_other_files()
        {
            using var scratch = new ScratchDirectory();
            string folder = Images(scratch, "b.jpg", "a.jpg", "c.png");
            scratch.Write(Path.Combine("in", "notes.txt"), "not an image");
            Directory.CreateDirectory(Path.Combine(folder, "nested"));
            File.Copy(Cifar("dog"), Path.Combine(folder, "nested", "d.jpg"));

            var (exit, output, error) = CliRunner.Run("predict", folder, "-m", ResNet, "--json", "--top", "1");

            Assert.True(exit == ExitCodes.Ok, error);
            string[] images = output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => CliRunner.Json(l).GetProperty("image").GetString()!).ToArray();
            Assert.Equal(new[] { "a.jpg", "b.jpg", "c.png" }, images.Select(Path.GetFileName));
            Assert.All(images, i => Assert.StartsWith(folder, i));
        }

        [Fact]
        public void Predict_takes_a_pattern()
        {
            using var scratch = new ScratchDirectory();
            string folder = Images(scratch, "cat1.jpg", "cat2.jpg", "dog.png");

            var (exit, output, error) = CliRunner.Run("predict", Path.Combine(folder, "cat?.jpg"), "-m", ResNet, "--json", "--top", "1");

            Assert.True(exit == ExitCodes.Ok, error);
            Assert.Equal(new[] { "cat1.jpg", "cat2.jpg" },
                output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => Path.GetFileName(CliRunner.Json(l).GetProperty("image").GetString())));
        }

        [Theory]
        [InlineData("empty", "no images in folder")]
        [InlineData("*.gif", "no images match")]
        public void An_empty_match_is_an_input_error(string what, string message)
        {
            using var scratch = new ScratchDirectory();
            string folder = Images(scratch, "a.jpg");
            Directory.CreateDirectory(scratch.File("empty"));
            string argument = what == "empty" ? scratch.File("empty") : Path.Combine(folder, what);

            foreach (string command in new[] { "predict", "explain" })
            {
                string[] output = command == "explain" ? new[] { "-o", scratch.File("out") } : System.Array.Empty<string>();
                var (exit, stdout, error) = CliRunner.Run(new[] { command, argument, "-m", ResNet }.Concat(output).ToArray());
                Assert.Equal(ExitCodes.Error, exit);
                Assert.Equal("", stdout);
                Assert.StartsWith("convad: " + message, error);
                Assert.False(Directory.Exists(scratch.File("out")));
            }
        }

        [Fact]
        public void A_wildcard_in_a_folder_name_is_a_usage_error()
        {
            var (exit, _, error) = CliRunner.Run("predict", Path.Combine("data", "*", "x.png"), "-m", ResNet);

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("wildcards may only be in the file name", error);
        }

        [Fact]
        public void Explain_gives_each_image_of_a_folder_its_own_output_folder()
        {
            using var scratch = new ScratchDirectory();
            string folder = Images(scratch, "a.jpg", "b.png");

            var (exit, _, error) = CliRunner.Run("explain", folder, "-m", ResNet, "--iterations", "1", "-o", scratch.File("out"), "-q");

            Assert.True(exit == ExitCodes.Ok, error);
            Assert.Equal(new[] { "a", "b" }, Directory.GetDirectories(scratch.File("out")).Select(Path.GetFileName).OrderBy(n => n));
            Assert.Empty(Directory.GetFiles(scratch.File("out")));
            Assert.True(File.Exists(Path.Combine(scratch.File("out"), "a", "a.heatmap.png")));
            Assert.True(File.Exists(Path.Combine(scratch.File("out"), "b", "b.full.mask.png")));
        }

        private static string Cifar(string label) => RepoPaths.File("data", "cifar10-test", label, "0000.jpg");

        // Real CIFAR-10 test images copied under the given names into scratch/in (a .png name is a re-encoded copy).
        private static string Images(ScratchDirectory scratch, params string[] names)
        {
            string folder = scratch.File("in");
            Directory.CreateDirectory(folder);
            foreach (string name in names)
            {
                string target = Path.Combine(folder, name);
                if (name.EndsWith(".png", System.StringComparison.Ordinal))
                {
                    using var image = SixLabors.ImageSharp.Image.Load(Cifar("dog"));
                    SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, target);
                }
                else
                {
                    File.Copy(Cifar("cat"), target);
                }
            }

            return folder;
        }
    }
}
