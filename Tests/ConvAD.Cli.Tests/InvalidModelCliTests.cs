using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>
    /// A model that breaks a rule of ONNX or a size limit is refused by every command before it runs — info included, which
    /// used to call such models "supported" — with one line naming the node and op, exit 3.
    /// </summary>
    public sealed class InvalidModelCliTests
    {
        [Theory]
        [InlineData("info")]
        [InlineData("predict")]
        [InlineData("verify")]
        public void A_conv_of_group_zero_is_refused_naming_the_node(string command)
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Write("bad.onnx", HostileModels.Write(new HostileModels.Spec { Group = 0 }));
            string image = RepoPaths.File("data", "photos", "kitten_224.png");
            (int exit, string output, string error) = command == "predict"
                ? CliRunner.Run("predict", image, "-m", model)
                : CliRunner.Run(command, model);

            Assert.Equal(3, exit);
            Assert.Equal("convad: node 'conv' (Conv): group is 0; it must be at least 1", error.Trim());
            Assert.DoesNotContain("supported", output);
        }

        [Fact]
        public void An_input_too_large_to_allocate_is_refused_before_any_work()
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Write("big.onnx", HostileModels.Write(new HostileModels.Spec { Height = 20000, Width = 20000 }));
            (int exit, string _, string error) = CliRunner.Run("predict", RepoPaths.File("data", "photos", "kitten_224.png"), "-m", model);

            Assert.Equal(3, exit);
            Assert.Contains("input 'x' declares dimension 2 as 20000; an image input may be at most 16384 on a side", error);
        }
    }
}
