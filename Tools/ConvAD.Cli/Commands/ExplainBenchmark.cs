using System.Diagnostics;
using System.Globalization;
using ConvAD.Benchmarks;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// <c>convad explain IMAGE --bench</c>: an explanation's wall time against its floor, mutants ÷ plain throughput at the same
    /// batch size on the same device (ONNX Runtime, or ConvAD's GPU runtime with --device). A ratio near 1 means the explainer
    /// adds little beyond the inference it needs. With --method occlusion|rise|kernelshap the explanation is the one
    /// <c>convad evaluate --methods</c> makes: the method's masks, then the extraction of a sufficient explanation from its map.
    /// </summary>
    public static class ExplainBenchmark
    {
        public static int Run(CliConsole console, string imagePath, string? modelPath, Perturbation perturbation, int iterations, int batch, int runs,
            EngineOptions engine, bool json, string device = Devices.Device.Cpu, AttributionOptions? method = null)
        {
            if (iterations < 1 || batch < 1 || runs < 1)
            {
                throw new CliUsageException("--iterations, --batch and --runs must be at least 1");
            }

            engine = engine with { MaxBatch = Math.Max(engine.MaxBatch, batch) };
            using ImageClassifier classifier = ModelResolver.Load(modelPath, engine, console);
            var input = new float[classifier.InputShape.Length];
            using (Image<Rgb24> image = classifier.LoadImage(imagePath))
            {
                classifier.WriteInput(image, input);
            }

            using Devices.ExplainTarget target = Devices.ExplainTarget.For(classifier, device, engine.Plan);
            IExplainableModel model = target.Model;
            var explainer = new Explainer(model, classifier.Description.Output, classifier.Description.Labels, new ExplainerOptions { Iterations = iterations, BatchSize = batch, MaxBatchBytes = engine.MaxBatchBytes });
            float[] images = Repeated(input, batch);

            var scores = new float[batch * model.ClassCount];
            ExplanationResult Explain() => method == null ? explainer.Explain(input, perturbation) : explainer.ExplainWith(input, perturbation, method);
            ExplanationResult result = Explain(); // warm-up: session creation and first-call allocations
            model.RunPlain(images, batch, scores);

            // Each run times one explanation, then plain inference of the same image count at the same batch size right after it,
            // so that load from other processes on a shared machine hits both alike; medians of the runs are reported.
            // Under AD the floor is plain inference, so the ratio also holds the ConvAD forward's own cost. The same calls through
            // the ConvAD forward, with the explanation's own mask, split the ratio into that cost and what the explainer adds.
            bool underAd = perturbation.Kind == PerturbationKind.ActivationDeactivation;
            var times = new List<double>();
            var plain = new List<double>();
            var ratios = new List<double>();
            var forward = new List<double>();
            var beyondForward = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                result = Explain();
                double explainMs = watch.Elapsed.TotalMilliseconds;
                int calls = (result.MutantsEvaluated + batch - 1) / batch;
                watch.Restart();
                for (int c = 0; c < calls; c++)
                {
                    model.RunPlain(images, batch, scores);
                }

                double perSecond = calls * batch * 1000.0 / watch.Elapsed.TotalMilliseconds;
                times.Add(explainMs);
                plain.Add(perSecond);
                ratios.Add(explainMs / (result.MutantsEvaluated / perSecond * 1000.0));
                if (underAd)
                {
                    float[] masks = Repeated(result.Explanation.Mask, batch);
                    watch.Restart();
                    for (int c = 0; c < calls; c++)
                    {
                        model.RunMasked(images, masks, batch, scores);
                    }

                    double maskedPerSecond = calls * batch * 1000.0 / watch.Elapsed.TotalMilliseconds;
                    forward.Add(maskedPerSecond);
                    beyondForward.Add(explainMs / (result.MutantsEvaluated / maskedPerSecond * 1000.0));
                }
            }

            double explainMedianMs = ThroughputBenchmark.Median(times);
            double plainPerSecond = ThroughputBenchmark.Median(plain);
            double floorMs = result.MutantsEvaluated / plainPerSecond * 1000.0;
            double ratio = ThroughputBenchmark.Median(ratios);
            double? convAdPerSecond = underAd ? ThroughputBenchmark.Median(forward) : null;
            double? beyond = underAd ? ThroughputBenchmark.Median(beyondForward) : null;
            if (json)
            {
                console.WriteJson(new
                {
                    model = classifier.Description.Name,
                    image = Path.GetFileName(imagePath),
                    mode = perturbation.Name,
                    method = result.Method,
                    device,
                    deviceName = target.Name,
                    iterations,
                    batch,
                    runs,
                    threads = engine.IntraOpThreads,
                    mutants = result.MutantsEvaluated,
                    engineCalls = result.EngineCalls,
                    explainMedianMs = Math.Round(explainMedianMs, 1),
                    plainImagesPerSecond = Math.Round(plainPerSecond, 1),
                    floorMs = Math.Round(floorMs, 1),
                    ratio = Math.Round(ratio, 3),
                    convAdImagesPerSecond = convAdPerSecond is double c ? Math.Round(c, 1) : (double?)null,
                    forwardRatio = convAdPerSecond is double f ? Math.Round(f / plainPerSecond, 3) : (double?)null,
                    beyondForward = beyond is double b ? Math.Round(b, 3) : (double?)null,
                });
            }
            else
            {
                string F(double v, string f = "0.0") => v.ToString(f, CultureInfo.InvariantCulture);
                string search = method == null ? $"{iterations} iterations" : result.Method;
                console.Out.WriteLine($"{classifier.Description.Name}, {Path.GetFileName(imagePath)}, {perturbation}, {search}, batch {batch}, median of {runs}");
                console.Out.WriteLine($"  explanation      {F(explainMedianMs),9} ms  ({result.MutantsEvaluated} mutants, {result.EngineCalls} engine calls)");
                console.Out.WriteLine($"  plain            {F(plainPerSecond),9} images/s at batch {batch} on {target.Name}");
                console.Out.WriteLine($"  floor            {F(floorMs),9} ms  (mutants ÷ plain throughput)");
                console.Out.WriteLine($"  ratio            {F(ratio, "0.00"),9}  (median of the runs' explanation ÷ floor)");
                if (convAdPerSecond is double c && beyond is double b)
                {
                    console.Out.WriteLine($"  ConvAD forward   {F(c),9} images/s, {F(c / plainPerSecond, "0.00")} of plain (same calls, the explanation's mask)");
                    console.Out.WriteLine($"  beyond forward   {F(b, "0.00"),9}  (explanation ÷ mutants at ConvAD throughput: what the explainer adds)");
                }
            }

            return ExitCodes.Ok;
        }

        /// <summary><paramref name="count"/> copies of one image or mask, back to back: a batch of the same input.</summary>
        private static float[] Repeated(ReadOnlySpan<float> one, int count)
        {
            var batch = new float[one.Length * count];
            for (int i = 0; i < count; i++)
            {
                one.CopyTo(batch.AsSpan(i * one.Length));
            }

            return batch;
        }
    }
}
