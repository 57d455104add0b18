using System.Collections.Generic;
using System.Globalization;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// <c>convad explain --multiple N</c> and <c>--contrast CLASS</c>: per image, several explanations (overlays, masks, the map and a
    /// JSON with counts and overlaps) or a contrastive region (overlay, mask, the contrast class's map and a JSON).
    /// </summary>
    internal static class ExplainMultipleRun
    {
        /// <summary>What to run: the spotlight search (<paramref name="Multiple"/>) or a contrast (<paramref name="Contrast"/>, an index or label).</summary>
        public sealed record Request(IReadOnlyList<string> Images, bool ImageFolders, string? Model, EngineOptions Engine, string Device, Perturbation Perturbation,
            ExplainerOptions Options, MultipleExplanationOptions? Multiple, string? Contrast, string Output, ColorMap ColorMap, bool Json);

        public static int Run(CliConsole console, Request request)
        {
            using ImageClassifier classifier = ModelResolver.Load(request.Model, request.Engine, console);
            int? contrast = request.Contrast == null ? null
                : ExplainedClasses.Resolve(request.Contrast, classifier.Model.ClassCount, classifier.Description.Labels, "--contrast");
            using Devices.ExplainTarget target = Devices.ExplainTarget.For(classifier, request.Device, request.Engine.Plan);
            var explainer = new Explainer(target.Model, classifier.Description.Output, classifier.Description.Labels, request.Options);

            // Decode every image first, so a bad one fails the command before any work is done.
            var fitted = new List<Image<Rgb24>>();
            try
            {
                foreach (string path in request.Images)
                {
                    using Image<Rgb24> image = classifier.LoadImage(path);
                    fitted.Add(classifier.Fit(image));
                }

                var stems = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
                for (int i = 0; i < request.Images.Count; i++)
                {
                    string path = request.Images[i], stem = ExplainCommand.UniqueStem(stems, path);
                    string folder = request.ImageFolders ? System.IO.Path.Combine(request.Output, stem) : request.Output;
                    var input = new float[classifier.InputShape.Length];
                    classifier.WriteInput(fitted[i], input);
                    if (contrast is int c)
                    {
                        Imaging.Prediction top = classifier.Predict(input, 1, 1)[0][0];
                        if (top.Index == c)
                        {
                            // A property of this image, not a mistake in the command: the other images are still explained.
                            ReportAlreadyTop(console, path, top, request.Json);
                            continue;
                        }

                        ContrastiveExplanationResult result = WithProgress(console, request.Json, System.IO.Path.GetFileName(path), progress =>
                            explainer.ExplainContrastive(input, request.Perturbation, c, progress, console.Interruption));
                        ContrastiveExplanationFilePaths files = ContrastiveExplanationFiles.Write(folder, stem, fitted[i], result, request.ColorMap);
                        Report(console, path, result, files, request.Json);
                    }
                    else
                    {
                        MultipleExplanationResult result = WithProgress(console, request.Json, System.IO.Path.GetFileName(path), progress =>
                            explainer.ExplainMultiple(input, request.Perturbation, request.Multiple, progress, console.Interruption));
                        MultipleExplanationFilePaths files = MultipleExplanationFiles.Write(folder, stem, fitted[i], result, request.ColorMap);
                        Report(console, path, result, files, request.Json);
                    }
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

        private static T WithProgress<T>(CliConsole console, bool json, string label, System.Func<IProgress<ExplanationProgress>?, T> run)
        {
            if (!ExplainProgressBar.Wanted(console, json))
            {
                return run(null);
            }

            var bar = new ExplainProgressBar(console.Error, label);
            try
            {
                return run(bar);
            }
            finally
            {
                bar.Clear();
            }
        }

        private static void Report(CliConsole console, string path, MultipleExplanationResult result, MultipleExplanationFilePaths files, bool json)
        {
            if (json)
            {
                console.WriteJson(new { image = path, summary = MultipleExplanationFiles.Summary(result), files = new { overlays = files.Overlays, masks = files.Masks, heatmap = files.Heatmap, summary = files.Summary } });
                return;
            }

            console.Out.WriteLine($"{path}: {result.First.Target.Label} ({Num(result.First.Target.Confidence)}) under {result.First.Perturbation}");
            console.Out.WriteLine($"  {result.Count} explanation{(result.Count == 1 ? "" : "s")} ({MultipleExplanationFiles.Name(result.Stop)} after {result.Spotlights} spotlights), "
                + $"largest IoU {Num(result.MaxIou)}, largest shared fraction {Num(result.MaxSharedFraction)}; "
                + $"{result.MutantsEvaluated} mutants in {result.EngineCalls} engine calls, {Num(result.Elapsed.TotalSeconds, "0.0")} s");
            for (int k = 0; k < result.Count; k++)
            {
                SufficientExplanation e = result.Explanations[k].Explanation;
                console.Out.WriteLine($"  #{k + 1}: {Num(100 * e.AreaFraction, "0.0")}% of pixels ({e.Area}), confidence {Num(e.Confidence)}");
            }

            foreach (string file in Concat(files.Overlays, files.Masks, new[] { files.Heatmap, files.Summary }))
            {
                console.Note("  wrote " + file);
            }
        }

        private static void Report(CliConsole console, string path, ContrastiveExplanationResult result, ContrastiveExplanationFilePaths files, bool json)
        {
            if (json)
            {
                console.WriteJson(new { image = path, summary = ContrastiveExplanationFiles.Summary(result), files = new { overlay = files.Overlay, mask = files.Mask, heatmap = files.Heatmap, summary = files.Summary } });
                return;
            }

            console.Out.WriteLine($"{path}: {result.Target.Label} ({Num(result.Target.Confidence)}) under {result.Perturbation}; contrast {result.Contrast.Label} ({Num(result.Contrast.Confidence)})");
            console.Out.WriteLine(result.Found
                ? $"  removing {Num(100 * result.AreaFraction, "0.0")}% of pixels ({result.Area}) makes it {result.Contrast.Label} ({Num(result.Confidence)})"
                : $"  not even removing every pixel makes it {result.Contrast.Label}");
            console.Out.WriteLine($"  {result.MutantsEvaluated} mutants in {result.EngineCalls} engine calls, {Num(result.Elapsed.TotalSeconds, "0.0")} s");
            foreach (string file in new[] { files.Overlay, files.Mask, files.Heatmap, files.Summary })
            {
                console.Note("  wrote " + file);
            }
        }

        private static void ReportAlreadyTop(CliConsole console, string path, Imaging.Prediction top, bool json)
        {
            if (json)
            {
                console.WriteJson(new { image = path, skipped = "contrast-is-top-class", target = new { index = top.Index, label = top.Label, confidence = top.Confidence } });
                return;
            }

            console.Out.WriteLine($"{path}: {top.Label} ({Num(top.Confidence)}) is already the contrast class: nothing to flip, no files written");
        }

        private static IEnumerable<string> Concat(params IEnumerable<string>[] lists)
        {
            foreach (IEnumerable<string> list in lists)
            {
                foreach (string s in list)
                {
                    yield return s;
                }
            }
        }

        private static string Num(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);
    }
}
