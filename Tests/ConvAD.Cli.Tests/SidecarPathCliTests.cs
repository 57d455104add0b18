using System.IO;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>A sidecar that names a labels file outside its folder is refused by every command unless --allow-outside-paths.</summary>
    public sealed class SidecarPathCliTests
    {
        [Fact]
        public void Labels_outside_the_sidecars_folder_need_the_explicit_flag()
        {
            using var scratch = new ScratchDirectory();
            string folder = Path.Combine(scratch.Path, "model");
            Directory.CreateDirectory(folder);
            File.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"), Path.Combine(folder, "mnist-8.onnx"));
            File.Copy(RepoPaths.File("models", "mnist", "mnist_classes.txt"), Path.Combine(scratch.Path, "classes.txt"));
            string sidecar = Path.Combine(folder, "mnist-8.convad.json");
            File.WriteAllText(sidecar, "{ \"model\": \"mnist-8.onnx\", \"input\": { \"colorOrder\": \"Gray\", \"pixelRange\": [0, 255] }, \"labels\": \"../classes.txt\" }");
            string image = RepoPaths.File("data", "photos", "kitten_224.png");

            (int exit, _, string error) = CliRunner.Run("predict", "-m", sidecar, image);
            Assert.Equal(3, exit);
            Assert.Contains("labels file '../classes.txt' resolves outside the sidecar's folder", error);

            (exit, string output, error) = CliRunner.Run("predict", "-m", sidecar, image, "--allow-outside-paths");
            Assert.True(exit == 0, error);
            Assert.Contains("1.", output);
        }
    }
}
