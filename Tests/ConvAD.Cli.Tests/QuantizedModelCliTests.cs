using System.Text.Json;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>Quantized models through the CLI: `info` names the format, `verify` passes on the QOperator int8 ResNet-20.</summary>
    public sealed class QuantizedModelCliTests
    {
        [Theory]
        [InlineData("cifar10/resnet20-int8.onnx", "QOperator int8")]
        [InlineData("squeezenet1.1/squeezenet1.1-int8.onnx", "QOperator int8")]
        [InlineData("shufflenet-v2/shufflenet-v2-12-qdq.onnx", "QDQ int8")]
        public void Info_names_the_quantization_format(string model, string format)
        {
            var (exit, output, _) = CliRunner.Run("info", RepoPaths.File("models", model));
            Assert.Equal(0, exit);
            Assert.Contains($"Quantization {format}\n", output.Replace("\r\n", "\n"));

            var (jsonExit, json, _) = CliRunner.Run("info", RepoPaths.File("models", model), "--json");
            Assert.Equal(0, jsonExit);
            Assert.Equal(format, CliRunner.Json(json.Trim()).GetProperty("quantization").GetString());
        }

        [Fact]
        public void Info_prints_no_quantization_for_a_float_model()
        {
            var (_, output, _) = CliRunner.Run("info", RepoPaths.File("models", "cifar10", "resnet20.onnx"));
            Assert.DoesNotContain("Quantization", output);
            var (_, json, _) = CliRunner.Run("info", RepoPaths.File("models", "cifar10", "resnet20.onnx"), "--json");
            Assert.False(CliRunner.Json(json.Trim()).TryGetProperty("quantization", out _)); // null fields are left out
        }

        [Theory]
        [InlineData("any")]
        [InlineData("0.5")]
        [InlineData("all")]
        public void Verify_passes_on_the_qoperator_resnet(string threshold)
        {
            var (exit, output, _) = CliRunner.Run("verify", RepoPaths.File("models", "cifar10", "resnet20-int8.convad.json"),
                "--images", RepoPaths.File("data", "cifar10-test"), "--limit", "4", "--masks", "12", "-t", threshold, "--json");
            Assert.Equal(0, exit);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.True(json.GetProperty("pass").GetBoolean());
            Assert.True(json.GetProperty("realImages").GetBoolean());
            Assert.Equal(0, json.GetProperty("identity").GetProperty("maxAbsDiff").GetDouble());
            Assert.Equal(0, json.GetProperty("noLeak").GetProperty("maxAbsDiff").GetDouble());
        }
    }
}
