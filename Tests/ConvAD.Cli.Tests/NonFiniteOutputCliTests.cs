using System.IO;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>A model whose output is NaN stops every command that reads it, with one line naming the image, never a table of NaN.</summary>
    public sealed class NonFiniteOutputCliTests
    {
        [Fact]
        public void Evaluate_stops_on_a_non_finite_output_and_names_the_image()
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Write("nan.onnx", HostileModels.Write(new HostileModels.Spec { NaNWeights = true }));
            string images = Path.Combine(scratch.Path, "images");
            Directory.CreateDirectory(images);
            File.Copy(RepoPaths.File("data", "photos", "kitten_224.png"), Path.Combine(images, "kitten.png"));

            (int exit, string output, string error) = CliRunner.Run("evaluate", "--quick", "-m", model, "--images", images, "--limit", "1", "-o", Path.Combine(scratch.Path, "out"));

            Assert.Equal(3, exit);
            Assert.Contains("kitten", error);
            Assert.Contains("is not finite (NaN at class 0)", error);
            Assert.DoesNotContain("internal error", error);
            Assert.DoesNotContain("NaN", output);
        }
    }
}
