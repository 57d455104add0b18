using System.CommandLine;
using ConvAD.Benchmarks;
using ConvAD.Engine;

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
            var json = CommonOptions.Json();
            var command = new Command("bench", "Compare ConvAD's throughput with plain ONNX Runtime inference")
            {
                model, batch, runs, warmup, threshold, threads, json,
            };
            command.SetAction(parse => console.Guard(() => Run(console, parse.GetValue(model)!, parse.GetValue(batch), parse.GetValue(runs),
                parse.GetValue(warmup), parse.GetValue(threshold)!, parse.GetValue(threads), parse.GetValue(json))));
            return command;
        }

        private static int Run(CliConsole console, string modelPath, int batch, int runs, int warmup, string threshold, int threads, bool json)
        {
            if (batch < 1 || runs < 1 || warmup < 0)
            {
                throw new CliUsageException("--batch and --runs must be at least 1 and --warmup at least 0");
            }

            using ConvAdModel model = ConvAdModel.Load(modelPath, CommonOptions.Engine(threshold, threads));
            if (!model.Plan.IsSupported)
            {
                throw new UnsupportedModelException(model.Plan.Unsupported!);
            }

            ThroughputResult r = ThroughputBenchmark.Run(model, batch, runs, warmup, seed: 1);
            if (json)
            {
                console.WriteJson(new
                {
                    model = Path.GetFileName(modelPath),
                    device = "cpu",
                    threads,
                    batch,
                    runs,
                    batchSymbolic = model.CanBatch,
                    plainMedianMs = r.PlainMedianMs,
                    convAdMedianMs = r.ConvAdMedianMs,
                    plainImagesPerSecond = r.PlainImagesPerSecond,
                    convAdImagesPerSecond = r.ConvAdImagesPerSecond,
                    ratio = r.Ratio,
                });
            }
            else
            {
                console.Out.WriteLine($"{Path.GetFileName(modelPath)}  batch {batch}, {runs} alternating runs (medians), ONNX Runtime CPU");
                console.Out.WriteLine($"  plain    {r.PlainMedianMs,9:F1} ms  {r.PlainImagesPerSecond,8:F1} images/s");
                console.Out.WriteLine($"  ConvAD   {r.ConvAdMedianMs,9:F1} ms  {r.ConvAdImagesPerSecond,8:F1} images/s");
                console.Out.WriteLine($"  ratio    {r.Ratio:F3} (ConvAD / plain throughput)");
            }

            return ExitCodes.Ok;
        }
    }
}
