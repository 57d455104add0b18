using System;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>
    /// <c>--device cpu|cuda|cuda-emulated</c> on verify and bench (docs/cli.md). cuda-emulated runs ConvAD's GPU kernels on
    /// ILGPU's CPU accelerator (slow: MNIST only, few masks). The cuda tests hold on machines with and without an NVIDIA GPU.
    /// </summary>
    public sealed class CliDeviceTests
    {
        private static readonly string Mnist = RepoPaths.File("models", "mnist", "mnist-8.onnx");

        [Fact]
        public void Verify_on_cuda_emulated_passes_against_the_engine()
        {
            var (exit, output, error) = CliRunner.Run("verify", Mnist, "--device", "cuda-emulated", "--masks", "8", "--json");
            Assert.True(exit == 0, error + output);
            JsonElement json = CliRunner.Json(output.Trim());
            AssertDeviceVerify(json, "cuda-emulated", masks: 8);
        }

        [Fact]
        public void Verify_on_cuda_emulated_checks_a_qdq_model_against_its_graph_as_written()
        {
            string model = RepoPaths.File("models", "shufflenet-v2", "shufflenet-v2-12-qdq.convad.json");
            var (exit, output, error) = CliRunner.Run("verify", model, "--images", RepoPaths.File("data", "photos"), "--limit", "1", "--masks", "4",
                "--device", "cuda-emulated", "--json");
            Assert.True(exit == 0, error + output);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.Contains("as written", json.GetProperty("reference").GetString());
            Assert.Equal(0, json.GetProperty("identity").GetProperty("maxAbsDiff").GetDouble()); // the unfused graph, bitwise
            JsonElement agreement = json.GetProperty("agreement");
            Assert.StartsWith("quantized model", agreement.GetProperty("rule").GetString());
            Assert.True(agreement.GetProperty("pass").GetBoolean());
            Assert.Equal(0, json.GetProperty("noLeak").GetProperty("maxAbsDiff").GetDouble());
        }

        [Fact]
        public void Verify_on_cpu_reports_the_engine_as_its_device()
        {
            var (exit, output, _) = CliRunner.Run("verify", Mnist, "--device", "cpu", "--masks", "4", "--json");
            Assert.Equal(0, exit);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.Equal("cpu", json.GetProperty("device").GetString());
            Assert.Equal("ONNX Runtime (CPU)", json.GetProperty("deviceName").GetString());
            Assert.True(json.GetProperty("pass").GetBoolean());
            Assert.False(json.TryGetProperty("agreement", out _)); // the engine is its own reference
        }

        [Fact]
        public void Bench_on_cuda_emulated_prints_a_ratio()
        {
            var (exit, output, error) = CliRunner.Run("bench", Mnist, "--device", "cuda-emulated", "--batch", "2", "--runs", "3", "--json");
            Assert.True(exit == 0, error + output);
            JsonElement json = CliRunner.Json(output.Trim());
            AssertDeviceBench(json, "cuda-emulated", batch: 2);
        }

        [Fact]
        public void Explain_on_cuda_emulated_gives_the_explanation_of_the_engine()
        {
            // The explanation is a deterministic function of the model's scores: the device's must give the same files.
            using var cpuOut = new ScratchDirectory();
            using var deviceOut = new ScratchDirectory();
            ExplainCatOnEngineAndDevice(cpuOut, deviceOut, "--iterations", "2");
            foreach (string file in new[] { "0000.responsibility.npy", "0000.mask.png" })
            {
                Assert.Equal(System.IO.File.ReadAllBytes(System.IO.Path.Combine(cpuOut.Path, file)), System.IO.File.ReadAllBytes(System.IO.Path.Combine(deviceOut.Path, file)));
            }
        }

        [Theory]
        [InlineData("occlusion", "--window", "8")]
        [InlineData("rise", "--rise-masks", "120")]
        [InlineData("kernelshap", "--shap-samples", "96")]
        public void Attribution_methods_on_cuda_emulated_give_the_engines_map(string method, string option, string value)
        {
            // Maps are averages or regressions of scores; the device's scores agree with the engine's to float rounding.
            using var cpuOut = new ScratchDirectory();
            using var deviceOut = new ScratchDirectory();
            ExplainCatOnEngineAndDevice(cpuOut, deviceOut, "--method", method, option, value);
            string file = $"0000.{method}.attribution.npy";
            float[] cpu = NpyFloats(System.IO.Path.Combine(cpuOut.Path, file));
            float[] device = NpyFloats(System.IO.Path.Combine(deviceOut.Path, file));
            Assert.Equal(cpu.Length, device.Length);
            double scale = cpu.Max(v => System.Math.Abs(v));
            Assert.True(scale > 0, "the engine's map is all zeros");
            Assert.True(cpu.Zip(device, (a, b) => System.Math.Abs(a - b)).Max() <= 1e-4 * scale);
        }

        /// <summary>
        /// `explain` of a real CIFAR-10 cat with the small CNN and <paramref name="options"/>, once on the engine into
        /// <paramref name="cpuOut"/> and once on the cuda-emulated device into <paramref name="deviceOut"/>; both must succeed.
        /// </summary>
        private static void ExplainCatOnEngineAndDevice(ScratchDirectory cpuOut, ScratchDirectory deviceOut, params string[] options)
        {
            string[] args = new[] { "explain", RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg"), "--model", RepoPaths.File("models", "cifar10", "small-cnn.convad.json") }
                .Concat(options).ToArray();
            var (cpuExit, _, cpuError) = CliRunner.Run(args.Concat(new[] { "--out", cpuOut.Path }).ToArray());
            var (exit, output, error) = CliRunner.Run(args.Concat(new[] { "--out", deviceOut.Path, "--device", "cuda-emulated" }).ToArray());
            Assert.True(cpuExit == 0, cpuError);
            Assert.True(exit == 0, error + output);
        }

        /// <summary>The float32 values of a version-1 .npy file (the header's length is the little-endian uint16 at byte 8).</summary>
        private static float[] NpyFloats(string path)
        {
            byte[] bytes = System.IO.File.ReadAllBytes(path);
            int start = 10 + System.BitConverter.ToUInt16(bytes, 8);
            var values = new float[(bytes.Length - start) / 4];
            System.Buffer.BlockCopy(bytes, start, values, 0, values.Length * 4);
            return values;
        }

        [Theory]
        [InlineData("--multiple", "3", "0000.multi-1.mask.png")]
        [InlineData("--contrast", "dog", "0000.contrast.mask.png")]
        public void Several_and_contrastive_explanations_on_cuda_emulated_are_the_engines(string option, string value, string mask)
        {
            using var cpuOut = new ScratchDirectory();
            using var deviceOut = new ScratchDirectory();
            string[] args = { "--iterations", "2", option, value };
            if (option == "--multiple")
            {
                // Under AD this small CNN says cat with every pixel off (no explanation to start from); zero occlusion gives three.
                args = args.Concat(new[] { "--spotlight-steps", "3", "--mode", "occlusion", "--mask-value", "zero" }).ToArray();
            }

            ExplainCatOnEngineAndDevice(cpuOut, deviceOut, args);
            string[] cpuFiles = System.IO.Directory.GetFiles(cpuOut.Path).Select(System.IO.Path.GetFileName).OrderBy(n => n).ToArray()!;
            Assert.Equal(cpuFiles, System.IO.Directory.GetFiles(deviceOut.Path).Select(System.IO.Path.GetFileName).OrderBy(n => n).ToArray());
            Assert.Contains(mask, cpuFiles);
            foreach (string file in cpuFiles.Where(n => n!.EndsWith(".mask.png", System.StringComparison.Ordinal)))
            {
                Assert.Equal(System.IO.File.ReadAllBytes(System.IO.Path.Combine(cpuOut.Path, file!)), System.IO.File.ReadAllBytes(System.IO.Path.Combine(deviceOut.Path, file!)));
            }
        }

        [Fact]
        public void Bench_text_names_the_device()
        {
            var (exit, output, _) = CliRunner.Run("bench", Mnist, "--device", "cuda-emulated", "--batch", "1", "--runs", "1", "--warmup", "0");
            Assert.Equal(0, exit);
            Assert.Contains("ConvAD GPU runtime on cuda-emulated", output);
            Assert.Contains("ratio", output);
        }

        /// <summary>Without an NVIDIA GPU or driver: one clear line and exit 3. With one, the same command must run and pass.</summary>
        [Theory]
        [InlineData("verify", "--masks", "8")]
        [InlineData("bench", "--batch", "2", "--runs", "1", "--warmup", "1")]
        public void Cuda_either_runs_or_says_there_is_no_gpu(string command, params string[] options)
        {
            string[] args = new[] { command, Mnist, "--device", "cuda", "--json" };
            var (exit, output, error) = CliRunner.Run([.. args, .. options]);
            if (output.Length > 0)
            {
                // A GPU was there: the command ran on it.
                Assert.True(exit == 0, error + output);
                JsonElement json = CliRunner.Json(output.Trim());
                if (command == "verify")
                {
                    AssertDeviceVerify(json, "cuda", masks: 8);
                }
                else
                {
                    AssertDeviceBench(json, "cuda", batch: 2);
                }

                return;
            }

            Assert.Equal(3, exit);
            string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("convad: no NVIDIA GPU or driver found", line);
            Assert.DoesNotContain("   at ", error);
        }

        [Fact]
        public void An_unknown_device_is_rejected_by_the_parser()
        {
            var (exit, output, error) = CliRunner.Run("verify", Mnist, "--device", "tpu");
            Assert.NotEqual(0, exit);
            Assert.Contains("'tpu'", error);
            Assert.Contains("cuda-emulated", error);
            Assert.DoesNotContain("PASS", output);
        }

        [Fact]
        public void An_op_the_gpu_runtime_cannot_run_is_named_with_exit_2()
        {
            // A MatMulInteger whose input scale DynamicQuantizeLinear computes from the data: the engine runs it; ConvAD's GPU
            // runtime, which keeps quantized activations as the reals they stand for, needs that scale at load (docs/gpu-runtime.md).
            string model = RepoPaths.File("Tests", "Fixtures", "models", "qoperator", "qoperator_dynamic.onnx");
            var (exit, output, _) = CliRunner.Run("verify", model, "--device", "cuda-emulated", "--masks", "2", "--json");
            Assert.Equal(2, exit);
            JsonElement json = CliRunner.Json(output.Trim());
            Assert.False(json.GetProperty("supported").GetBoolean());
            Assert.False(json.GetProperty("pass").GetBoolean());
            Assert.Equal("cuda-emulated", json.GetProperty("device").GetString());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("node").GetString()));
            Assert.Equal("fc_acc", json.GetProperty("node").GetString());
            Assert.Equal("MatMulInteger", json.GetProperty("op").GetString());
            Assert.Contains("GPU runtime", json.GetProperty("reason").GetString());
            Assert.Contains("DynamicQuantizeLinear", json.GetProperty("reason").GetString());

            var (benchExit, benchOutput, benchError) = CliRunner.Run("bench", model, "--device", "cuda-emulated", "--batch", "1", "--runs", "1");
            Assert.Equal(2, benchExit);
            Assert.Equal("", benchOutput);
            string line = Assert.Single(benchError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("convad: unsupported on cuda-emulated: node '", line);
        }

        private static void AssertDeviceVerify(JsonElement json, string device, int masks)
        {
            // Every field of the CPU verify, then the device's own.
            Assert.True(json.GetProperty("supported").GetBoolean());
            Assert.Equal("0.5", json.GetProperty("threshold").GetString());
            Assert.Equal(2, json.GetProperty("images").GetInt32());
            Assert.False(json.GetProperty("realImages").GetBoolean());
            Assert.Equal(device, json.GetProperty("device").GetString());
            Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("deviceName").GetString()));

            JsonElement identity = json.GetProperty("identity");
            Assert.True(identity.GetProperty("pass").GetBoolean());
            Assert.True(identity.GetProperty("argmaxSame").GetBoolean());
            Assert.Equal(1e-4, identity.GetProperty("relativeTolerance").GetDouble());
            double identityDiff = identity.GetProperty("maxAbsDiff").GetDouble();
            Assert.InRange(identityDiff, 0, identity.GetProperty("tolerance").GetDouble());
            Assert.InRange(identity.GetProperty("relativeDiff").GetDouble(), 0, 1e-4);
            Assert.True(identity.GetProperty("tolerance").GetDouble() >= 1e-4); // 1e-4 × max(1, logit scale)

            JsonElement noLeak = json.GetProperty("noLeak");
            Assert.Equal(masks, noLeak.GetProperty("masks").GetInt32());
            Assert.Equal(0, noLeak.GetProperty("maxAbsDiff").GetDouble()); // bitwise
            Assert.True(noLeak.GetProperty("informativeMasks").GetInt32() > 0);
            Assert.True(noLeak.GetProperty("pass").GetBoolean());

            JsonElement agreement = json.GetProperty("agreement");
            Assert.Equal(masks, agreement.GetProperty("masks").GetInt32());
            Assert.InRange(agreement.GetProperty("relativeDiff").GetDouble(), 0, 1e-4);
            Assert.True(agreement.GetProperty("maxAbsDiff").GetDouble() <= agreement.GetProperty("tolerance").GetDouble());
            Assert.True(agreement.GetProperty("pass").GetBoolean());

            Assert.True(json.GetProperty("batch").GetProperty("pass").GetBoolean());
            Assert.True(json.GetProperty("finite").GetBoolean());
            Assert.Equal(2 + 2 * masks + 4, json.GetProperty("deviceImages").GetInt32());
            Assert.Equal(5, json.GetProperty("deviceCalls").GetInt32());
            Assert.True(json.GetProperty("pass").GetBoolean());
        }

        private static void AssertDeviceBench(JsonElement json, string device, int batch)
        {
            Assert.Equal("mnist-8.onnx", json.GetProperty("model").GetString());
            Assert.Equal(device, json.GetProperty("device").GetString());
            Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("deviceName").GetString()));
            Assert.Equal(batch, json.GetProperty("batch").GetInt32());
            Assert.True(json.GetProperty("batchSymbolic").GetBoolean());
            Assert.True(json.GetProperty("plainMedianMs").GetDouble() > 0);
            Assert.True(json.GetProperty("convAdMedianMs").GetDouble() > 0);
            double plain = json.GetProperty("plainImagesPerSecond").GetDouble();
            double convAd = json.GetProperty("convAdImagesPerSecond").GetDouble();
            Assert.True(plain > 0 && convAd > 0);
            Assert.Equal(convAd / plain, json.GetProperty("ratio").GetDouble(), 6);
        }
    }
}
