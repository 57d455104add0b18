using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Cli;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>
    /// A model exported with a symbolic height and width (dynamic_hw.onnx, copied without its sidecar): every command that loads
    /// a model takes <c>--input-size HxW</c>, which wins over the sidecar's <c>input.size</c>; without a size it exits 2 and says
    /// how to give one.
    /// </summary>
    public sealed class SymbolicSizeCliTests
    {
        private static readonly string Fixture = RepoPaths.File("Tests", "Fixtures", "models", "patterns", "dynamic_hw.onnx");
        private static readonly string Image = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        /// <summary>Each command that loads a model, as run on <c>{model}</c> (cheap settings; files written under <c>{out}</c>).</summary>
        public static TheoryData<string> Commands() => new TheoryData<string>
        {
            "predict|{image}|-m|{model}|--json",
            "verify|{model}|--masks|6|--json",
            "bench|{model}|--batch|2|--runs|1|--warmup|0|--json",
            "explain|{image}|-m|{model}|--iterations|1|--out|{out}|--json",
            "evaluate|-m|{model}|--images|{images}|--quick|--limit|1|--modes|ad,zero|--backgrounds|3|--out|{out}",
        };

        [Theory]
        [MemberData(nameof(Commands))]
        public void With_input_size_every_model_command_runs(string command)
        {
            using var scratch = new ScratchDirectory();
            (int exit, string output, string error) = CliRunner.Run(Args(command, scratch).Append("--input-size").Append("24x40").ToArray());
            Assert.True(exit == 0, error);
            Assert.DoesNotContain("symbolic", error);
            if (command.Contains("--json"))
            {
                Assert.All(output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries), line => CliRunner.Json(line));
            }
        }

        [Theory]
        [MemberData(nameof(Commands))]
        public void Without_a_size_every_model_command_exits_2_and_says_how_to_give_one(string command)
        {
            using var scratch = new ScratchDirectory();
            (int exit, string output, string error) = CliRunner.Run(Args(command, scratch));
            Assert.Equal(2, exit);
            string line;
            if (command.StartsWith("verify"))
            {
                // verify --json reports an unsupported model as its JSON object.
                JsonElement json = CliRunner.Json(output.Trim());
                Assert.False(json.GetProperty("supported").GetBoolean());
                Assert.False(json.GetProperty("pass").GetBoolean());
                line = json.GetProperty("reason").GetString()!;
            }
            else
            {
                line = error.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Last();
                Assert.StartsWith("convad: ", line);
            }

            Assert.Contains("symbolic height and width", line);
            Assert.Contains("--input-size HxW", line);
            Assert.Contains("\"input\": { \"size\": [H, W] }", line);
        }

        [Fact]
        public void Info_shows_the_symbolic_axes_and_the_size_used()
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Copy(Fixture);

            (int exit, string output, _) = CliRunner.Run("info", model);
            Assert.Equal(0, exit); // info describes unsupported models too
            Assert.Contains("Size         symbolic H, W (axes 2, 3): no size stated; give one with --input-size HxW", output);
            Assert.Contains("NOT SUPPORTED", output);

            (exit, output, _) = CliRunner.Run("info", model, "--input-size", "24x40");
            Assert.Equal(0, exit);
            Assert.Contains("Size         symbolic H, W (axes 2, 3): run at 24×40 (from --input-size)", output);
            Assert.Contains("ConvAD       supported", output);

            (exit, output, _) = CliRunner.Run("info", model, "--input-size", "24x40", "--json");
            Assert.Equal(0, exit);
            JsonElement size = CliRunner.Json(output.Trim()).GetProperty("inputSize");
            Assert.Equal(new[] { 2, 3 }, size.GetProperty("symbolicAxes").EnumerateArray().Select(a => a.GetInt32()));
            Assert.Equal(new[] { "H", "W" }, size.GetProperty("names").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal(new[] { 24, 40 }, size.GetProperty("size").EnumerateArray().Select(a => a.GetInt32()));
            Assert.Equal("--input-size", size.GetProperty("source").GetString());

            // A model whose file fixes its size has no such field.
            (_, output, _) = CliRunner.Run("info", RepoPaths.File("models", "cifar10", "resnet20.onnx"), "--json");
            Assert.False(CliRunner.Json(output.Trim()).TryGetProperty("inputSize", out _));
        }

        [Fact]
        public void The_option_wins_over_the_sidecar()
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Copy(Fixture);
            scratch.Write("dynamic_hw.convad.json", "{ \"model\": \"dynamic_hw.onnx\", \"input\": { \"size\": [24, 40] } }");

            (int exit, string output, string error) = CliRunner.Run("info", model);
            Assert.True(exit == 0, error);
            Assert.Contains("run at 24×40 (from the sidecar's input.size)", output);

            (exit, output, error) = CliRunner.Run("info", model, "--input-size", "16x48", "--json");
            Assert.True(exit == 0, error);
            JsonElement size = CliRunner.Json(output.Trim()).GetProperty("inputSize");
            Assert.Equal(new[] { 16, 48 }, size.GetProperty("size").EnumerateArray().Select(a => a.GetInt32()));

            (exit, output, error) = CliRunner.Run("verify", model, "--masks", "6", "--json");
            Assert.True(exit == 0, error);
            Assert.True(CliRunner.Json(output.Trim()).GetProperty("pass").GetBoolean());
            Assert.Equal("", error); // a sidecar: no defaults were assumed
        }

        [Fact]
        public void Verify_on_the_cpu_accelerator_runs_the_device_at_the_sidecar_size()
        {
            string sidecar = RepoPaths.File("Tests", "Fixtures", "models", "patterns", "dynamic_hw.convad.json");
            (int exit, string output, string error) = CliRunner.Run("verify", sidecar, "--masks", "6", "--device", "cuda-emulated", "--json");
            Assert.True(exit == 0, error);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.True(json.GetProperty("pass").GetBoolean());
            Assert.True(json.GetProperty("agreement").GetProperty("pass").GetBoolean());
        }

        [Theory]
        [InlineData("24")]
        [InlineData("24x")]
        [InlineData("0x40")]
        [InlineData("24,40")]
        public void An_invalid_input_size_is_a_usage_error(string size)
        {
            using var scratch = new ScratchDirectory();
            (int exit, _, string error) = CliRunner.Run("verify", scratch.Copy(Fixture), "--input-size", size);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains($"--input-size '{size}' is not valid: use HxW", error);
        }

        private static string[] Args(string command, ScratchDirectory scratch)
        {
            string model = scratch.Copy(Fixture);
            string images = Path.Combine(scratch.Path, "images");
            Directory.CreateDirectory(images);
            File.Copy(Image, Path.Combine(images, "cat.jpg"));
            return command.Split('|').Select(a => a
                .Replace("{model}", model)
                .Replace("{image}", Image)
                .Replace("{images}", images)
                .Replace("{out}", Path.Combine(scratch.Path, "out"))).ToArray();
        }
    }
}
