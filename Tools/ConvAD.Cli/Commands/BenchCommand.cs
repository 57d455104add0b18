using System.CommandLine;
using ConvAD.Benchmarks;
using ConvAD.Cli.Devices;
using ConvAD.Engine;
using ConvAD.Gpu;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Cli.Commands
{
    /// <summary><c>convad bench MODEL</c>: ConvAD's throughput against plain ONNX Runtime, same process.</summary>
    public static class BenchCommand
    {
        public static Command Create(CliConsole console)
        {
            var model = new Argument<string>("MODEL") { Description = "ONNX model" };
            var batch = new Option<int>("--batch", "-b") { Description = "Images per call", DefaultValueFactory = _ => 16 };
            var runs = new Option<int>("--runs") { Description = "Timed runs of each (medians are reported)", DefaultValueFactory = _ => 9 };
            var warmup = new Option<int>("--warmup") { Description = "Untimed runs of each first", DefaultValueFactory = _ => 2 };
            var threshold = CommonOptions.Threshold();
            var threads = CommonOptions.Threads();
            var device = Device.Option(
                "cpu (ONNX Runtime, default), cuda (ConvAD's GPU runtime on an NVIDIA GPU) or cuda-emulated (the same kernels on the CPU); " +
                "on a device both forwards run on it");
            var json = CommonOptions.Json();
            var inputSize = CommonOptions.InputSize();
            var profile = new Option<string?>("--profile")
            {
                Description = "Write ONNX Runtime's profile of both sessions and their optimised graphs into this folder (cpu only; profiling slows the runs)",
            };
            var command = new Command("bench", "Compare ConvAD's throughput with plain inference of the original model (ONNX Runtime, or the GPU runtime with --device)")
            {
                model, batch, runs, warmup, threshold, threads, device, json, inputSize, profile,
            };
            command.SetAction(parse => console.Guard(() => Run(console, parse.GetValue(model)!, parse.GetValue(batch), parse.GetValue(runs),
                parse.GetValue(warmup), parse.GetValue(threshold)!, parse.GetValue(threads), parse.GetValue(device)!, parse.GetValue(json), parse.GetValue(inputSize),
                parse.GetValue(profile))));
            return command;
        }

        private static int Run(CliConsole console, string modelPath, int batch, int runs, int warmup, string threshold, int threads, string device, bool json,
            string? inputSize, string? profile)
        {
            if (batch < 1 || runs < 1 || warmup < 0)
            {
                throw new CliUsageException("--batch and --runs must be at least 1 and --warmup at least 0");
            }

            // Calls of exactly --batch images (within the hard budget): the engine's preferred batch size would split a large model's.
            EngineOptions options = CommonOptions.Engine(threshold, threads, inputSize: inputSize) with { PreferredBatchBytes = long.MaxValue };
            if (!File.Exists(modelPath))
            {
                throw new FileNotFoundException($"model not found: {modelPath}", modelPath);
            }

            options = ModelResolver.WithSidecarSize(modelPath, options, console, out Description.ModelDescription description);
            if (Device.Kind(device) is DeviceKind kind)
            {
                if (profile != null)
                {
                    throw new CliUsageException("--profile profiles ONNX Runtime: use it with --device cpu");
                }

                return RunOnDevice(console, modelPath, batch, runs, warmup, options, threads, device, kind, json);
            }

            if (profile != null)
            {
                options = options with { ProfileDirectory = Path.GetFullPath(profile) };
            }

            using ConvAdModel model = ConvAdModel.Load(description.ModelPath, options);
            if (!model.Plan.IsSupported)
            {
                throw new UnsupportedModelException(model.Plan.Unsupported!);
            }

            ThroughputResult r = ThroughputBenchmark.Run(model, batch, runs, warmup, seed: 1);
            return Report(console, modelPath, Device.Cpu, Device.CpuName, "ONNX Runtime CPU", threads, batch, runs, model.CanBatch, r, json);
        }

        /// <summary>The device's plain forward against its ConvAD forward (<see cref="DeviceBenchmark"/>); ONNX Runtime is not involved.</summary>
        private static int RunOnDevice(CliConsole console, string modelPath, int batch, int runs, int warmup, EngineOptions options, int threads, string device, DeviceKind kind, bool json)
        {
            string onnx = Device.OnnxPath(modelPath, console.AllowOutsidePaths);

            // The plan (ConvAD.Core) says whether the batch is symbolic; a model it rejects is reported as on the CPU.
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(onnx), options.Plan);
            if (!plan.IsSupported || plan.Input == null)
            {
                throw new UnsupportedModelException(plan.Unsupported!);
            }

            using GpuConvAdModel gpu = Device.Load(onnx, kind, options.Plan, device);
            ThroughputResult r = DeviceBenchmark.Run(gpu, plan.Input.Height, plan.Input.Width, device, batch, runs, warmup, seed: 1);
            return Report(console, modelPath, device, gpu.DeviceName, $"ConvAD GPU runtime on {device} ({gpu.DeviceName})", threads, batch, runs, plan.Batch.CanBatch, r, json);
        }

        private static int Report(CliConsole console, string modelPath, string device, string deviceName, string where, int threads, int batch, int runs,
            bool batchSymbolic, ThroughputResult r, bool json)
        {
            if (json)
            {
                console.WriteJson(new
                {
                    model = Path.GetFileName(modelPath),
                    device,
                    deviceName,
                    threads,
                    batch,
                    runs,
                    batchSymbolic,
                    plainMedianMs = r.PlainMedianMs,
                    convAdMedianMs = r.ConvAdMedianMs,
                    plainImagesPerSecond = r.PlainImagesPerSecond,
                    convAdImagesPerSecond = r.ConvAdImagesPerSecond,
                    ratio = r.Ratio,
                });
            }
            else
            {
                console.Out.WriteLine($"{Path.GetFileName(modelPath)}  batch {batch}, {runs} alternating runs (medians), {where}");
                console.Out.WriteLine($"  plain    {r.PlainMedianMs,9:F1} ms  {r.PlainImagesPerSecond,8:F1} images/s");
                console.Out.WriteLine($"  ConvAD   {r.ConvAdMedianMs,9:F1} ms  {r.ConvAdImagesPerSecond,8:F1} images/s");
                console.Out.WriteLine($"  ratio    {r.Ratio:F3} (ConvAD / plain throughput)");
            }

            return ExitCodes.Ok;
        }
    }
}
