using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>
    /// `info` on a model with an If the plan inlines: the node count stays the graph as read, and a row says how many Ifs
    /// were inlined and how many nodes the plan runs, so the two counts do not contradict each other unexplained.
    /// </summary>
    public sealed class ControlFlowInfoCliTests
    {
        [Theory]
        [InlineData("lrn.onnx", 1)]
        [InlineData("lrn_twice.onnx", 2)]
        public void Info_says_how_many_ifs_were_inlined(string fixture, int ifs)
        {
            string model = RepoPaths.File("Tests", "Fixtures", "models", "patterns", fixture);
            var (exit, output, _) = CliRunner.Run("info", model);
            Assert.Equal(0, exit);
            string text = output.Replace("\r\n", "\n");
            Assert.Contains($"Control flow {ifs} If{(ifs == 1 ? "" : "s")} inlined (the condition follows from the shapes): the plan runs ", text);
            Assert.Contains("ConvAD       supported", text);

            var (jsonExit, json, _) = CliRunner.Run("info", model, "--json");
            Assert.Equal(0, jsonExit);
            System.Text.Json.JsonElement facts = CliRunner.Json(json.Trim());
            Assert.Equal(ifs, facts.GetProperty("inlinedIfs").GetInt32());
            int asRead = facts.GetProperty("nodes").GetInt32();
            int planned = int.Parse(text.Split("the plan runs ")[1].Split(' ')[0]);
            Assert.NotEqual(asRead, planned); // each If is replaced by its branch's nodes
        }

        [Fact]
        public void A_model_without_control_flow_has_no_such_row()
        {
            string model = RepoPaths.File("models", "cifar10", "resnet20.onnx");
            Assert.DoesNotContain("Control flow", CliRunner.Run("info", model).Out);
            Assert.False(CliRunner.Json(CliRunner.Run("info", model, "--json").Out.Trim()).TryGetProperty("inlinedIfs", out _));
        }
    }
}
