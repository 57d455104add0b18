using System.Collections.Generic;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Cli.Commands
{
    /// <summary><c>convad explain --method occlusion|rise|kernelshap</c>: an attribution map per image, written as a heatmap, a .npy map and a JSON summary.</summary>
    internal static class ExplainMethodRun
    {
        /// <param name="imageFolders">Whether a folder or pattern was among the arguments: each image then gets its own output folder, as under rex.</param>
        public static int Run(CliConsole console, IReadOnlyList<string> images, bool imageFolders, string? modelPath, EngineOptions engine, string device,
            Perturbation perturbation, AttributionOptions method, string output, ColorMap colorMap, bool json)
        {
            using ImageClassifier classifier = ModelResolver.Load(modelPath, engine, console);
            using Devices.ExplainTarget target = Devices.ExplainTarget.For(classifier, device, engine.Plan);
            // The explainer's buffers get the same memory budget as the engine's batches (--max-batch-mb).
            var explainer = new Explainer(target.Model, classifier.Description.Output, classifier.Description.Labels,
                new ExplainerOptions { MaxBatchBytes = engine.MaxBatchBytes });

            // Decode every image first, so a bad one fails the command before any work is done.
            var fitted = new List<Image<Rgb24>>();
            try
            {
                foreach (string path in images)
                {
                    using Image<Rgb24> image = classifier.LoadImage(path);
                    fitted.Add(classifier.Fit(image));
                }

                var stems = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                for (int i = 0; i < images.Count; i++)
                {
                    var input = new float[classifier.InputShape.Length];
                    classifier.WriteInput(fitted[i], input);
                    AttributionResult result = Attribute(console, explainer, input, perturbation, method, json, Path.GetFileName(images[i]));
                    string stem = ExplainCommand.UniqueStem(stems, images[i]);
                    AttributionFilePaths files = AttributionFiles.Write(imageFolders ? Path.Combine(output, stem) : output, stem, fitted[i], result, colorMap);
                    Report(console, images[i], result, files, json);
                }
            }
            finally
            {
                foreach (Image<Rgb24> image in fitted)
                {
                    image.Dispose();
                }
            }

            return ExitCodes.Ok;
        }

        private static AttributionResult Attribute(CliConsole console, Explainer explainer, float[] input, Perturbation perturbation, AttributionOptions method,
            bool json, string label)
        {
            if (!ExplainProgressBar.Wanted(console, json))
            {
                return explainer.Attribute(input, perturbation, method, null, console.Interruption);
            }

            var bar = new ExplainProgressBar(console.Error, label);
            try
            {
                return explainer.Attribute(input, perturbation, method, bar, console.Interruption);
            }
            finally
            {
                bar.Clear();
            }
        }

        private static void Report(CliConsole console, string path, AttributionResult result, AttributionFilePaths files, bool json)
        {
            if (json)
            {
                console.WriteJson(new
                {
                    image = path,
                    summary = AttributionFiles.Summary(result),
                    files = new { heatmap = files.Heatmap, attribution = files.Map, summary = files.Summary },
                });
                return;
            }

            console.Out.WriteLine($"{path}: {result.Target.Label} ({result.Target.Confidence.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}) — {result.Options.Method} under {result.Perturbation}");
            console.Out.WriteLine($"  {result.MutantsEvaluated} mutants in {result.EngineCalls} engine calls, {result.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s");
            foreach (string file in new[] { files.Heatmap, files.Map, files.Summary })
            {
                console.Out.WriteLine("  wrote " + file);
            }
        }
    }
}
