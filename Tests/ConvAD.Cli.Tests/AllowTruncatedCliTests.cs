using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>
    /// An image cut short is refused by default (exit 3, the reason named); <c>--allow-truncated</c> decodes it as the
    /// library's <c>allowTruncated</c> does, on any command.
    /// </summary>
    public sealed class AllowTruncatedCliTests
    {
        private static readonly string Mnist = RepoPaths.File("models", "mnist", "mnist-8.onnx");
        private static readonly string Truncated = RepoPaths.File("Tests", "Fixtures", "images", "hostile", "truncated.jpg");

        [Fact]
        public void A_truncated_image_is_refused_by_default()
        {
            (int exit, string _, string error) = CliRunner.Run("predict", Truncated, "-m", Mnist);
            Assert.Equal(3, exit);
            Assert.Contains("cut short", error);
        }

        [Fact]
        public void Allow_truncated_decodes_it()
        {
            (int exit, string output, string error) = CliRunner.Run("predict", Truncated, "-m", Mnist, "--allow-truncated", "--json");
            Assert.True(exit == 0, error);
            Assert.Equal(Truncated, CliRunner.Json(output.Trim()).GetProperty("image").GetString());
        }
    }
}
