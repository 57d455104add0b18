using System.CommandLine;
using System.Globalization;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Imaging;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// <c>convad explain IMAGE…</c>: a causal-responsibility explanation of the model's prediction for each image, under AD or an
    /// occlusion masking value, written as a heatmap, an overlay, a mask and a .npy map (and a comparison sheet with --compare, an
    /// HTML report of the whole run with --report).
    /// </summary>
    public static class ExplainCommand
    {
        public static Command Create(CliConsole console)
        {
            var images = new Argument<string[]>("IMAGE") { Description = "Image files (PNG, JPEG, BMP, GIF, TGA), folders of them or patterns (photos/*.jpg)", Arity = ArgumentArity.OneOrMore };
            var model = CommonOptions.Model();
            var mode = new Option<string>("--mode") { Description = "ad (Activation-Deactivation), layer-masking (Balasubramanian and Feizi) or occlusion", DefaultValueFactory = _ => "ad" };
            var maskValue = new Option<string?>("--mask-value") { Description = "Occlusion value: zero, mean, min, random, noise or blur (default zero)" };
            var threshold = CommonOptions.Threshold();
            var stemFill = CommonOptions.StemFill();
            var globalMean = CommonOptions.GlobalMean();
            var iterations = new Option<int>("--iterations", "-n") { Description = "Search iterations (each with seed + i)", DefaultValueFactory = _ => 20 };
            var seed = new Option<long>("--seed", "-s") { Description = "Random seed: the same seed gives the same explanation", DefaultValueFactory = _ => 0 };
            var batch = new Option<int>("--batch", "-b") { Description = "Mutants per engine call (never changes the result)", DefaultValueFactory = _ => 64 };
            var budget = new Option<int?>("--budget") { Description = "Most mutants the whole explanation may evaluate: search, extraction and minimisation (at least 2; default: no limit)" };
            var minimise = new Option<bool>("--minimise") { Description = "Drop the chunks the explanation does not need" };
            var output = new Option<string>("--out", "-o") { Description = "Output folder", DefaultValueFactory = _ => "convad-out" };
            var compare = new Option<bool>("--compare") { Description = "Also explain under AD, layer masking and every masking value, and write a comparison sheet (one row per method)" };
            var compared = new Option<string?>("--methods")
            {
                Description = "With --compare: comma-separated methods for the sheet's rows, rex, occlusion, rise, kernelshap (default: --method's); an attribution "
                    + "map becomes a sufficient explanation by rex's extraction",
            };
            var report = new Option<bool>("--report") { Description = "Also write report.html: every picture, the numbers and this command in one self-contained page" };
            var colorMap = new Option<string>("--colormap") { Description = "viridis, inferno or turbo", DefaultValueFactory = _ => "viridis" };
            var threads = CommonOptions.Threads();
            var maxBatchMb = CommonOptions.MaxBatchMb();
            var preferredBatchMb = CommonOptions.PreferredBatchMb();
            var json = CommonOptions.Json();
            var bench = new Option<bool>("--bench") { Description = "Instead of writing files, time the explanation of the first image against mutants ÷ plain ONNX Runtime throughput" };
            var runs = new Option<int>("--runs") { Description = "With --bench: timed explanations (median reported)", DefaultValueFactory = _ => 3 };
            Option<string> device = Devices.Device.Option("Where mutants are evaluated: cpu (ONNX Runtime), cuda (ConvAD's GPU runtime on an NVIDIA GPU) or cuda-emulated (the same kernels on the CPU)");
            var inputSize = CommonOptions.InputSize();
            var target = ExplainedClasses.TargetOption();
            var topK = ExplainedClasses.TopKOption();
            var methods = new ExplainMethodOptions();
            var multiple = new ExplainMultipleOptions();
            var command = new Command("explain", "Explain the model's prediction for images (causal responsibility under AD or occlusion)")
            {
                images, model, mode, maskValue, threshold, stemFill, globalMean, iterations, seed, batch, budget, minimise, output, compare, compared, report, colorMap, threads, json, bench, runs, device,
                inputSize, maxBatchMb, preferredBatchMb,
                target, topK,
            };
            foreach (Option option in methods.All.Concat(multiple.All))
            {
                command.Options.Add(option);
            }

            command.SetAction(parse => console.Guard(() =>
            {
                var request = new ExplainRequest(
                    ImageFiles.Expand(parse.GetValue(images)!, out bool imageFolders), imageFolders, parse.GetValue(model), ParsePerturbation(parse.GetValue(mode)!, parse.GetValue(maskValue)),
                    Variant(CommonOptions.Engine(parse.GetValue(threshold)!, parse.GetValue(threads), parse.GetValue(batch), parse.GetValue(inputSize), parse.GetValue(maxBatchMb),
                        parse.GetValue(preferredBatchMb)),
                        parse.GetValue(stemFill)!, parse.GetValue(globalMean)!),
                    Options(parse.GetValue(iterations), parse.GetValue(seed), parse.GetValue(batch), parse.GetValue(budget), parse.GetValue(minimise)) with
                    {
                        MaxBatchBytes = (long)parse.GetValue(maxBatchMb) << 20, // validated with the engine's options, just above
                    },
                    parse.GetValue(output)!, parse.GetValue(compare), parse.GetValue(report), ParseColorMap(parse.GetValue(colorMap)!), parse.GetValue(json), parse.GetValue(device)!,
                    new ExplainedClasses(parse.GetValue(target), parse.GetValue(topK)).Validate());
                AttributionOptions?[]? rows = ComparedMethods(parse, compared, methods, request);
                AttributionOptions? method = rows == null ? methods.Parse(parse, request.Options.Seed, request.Options.BatchSize) : null;
                MultipleExplanationOptions? spotlights = multiple.Multiple(parse);
                if (multiple.Wanted(parse))
                {
                    if (method != null || rows != null)
                    {
                        throw new CliUsageException("--multiple and --contrast apply to --method rex only");
                    }

                    if (request.Compare || request.Report || parse.GetValue(bench) || parse.GetValue(target) != null || parse.GetValue(topK) != null)
                    {
                        throw new CliUsageException("--compare, --report, --bench, --target and --top-k cannot be combined with --multiple or --contrast");
                    }

                    return ExplainMultipleRun.Run(console, new ExplainMultipleRun.Request(request.Images, request.ImageFolders, request.Model, request.Engine,
                        request.Device, request.Perturbation, request.Options, spotlights, multiple.Contrast(parse), request.Output, request.ColorMap, request.Json));
                }

                if (method != null && !request.Compare)
                {
                    if (request.Report || parse.GetValue(target) != null || parse.GetValue(topK) != null)
                    {
                        throw new CliUsageException("--report, --target and --top-k apply to --method rex, or to any method with --compare");
                    }

                    if (parse.GetValue(bench))
                    {
                        return ExplainBenchmark.Run(console, request.Images[0], request.Model, request.Perturbation, request.Options.Iterations,
                            request.Options.BatchSize, parse.GetValue(runs), request.Engine, request.Json, request.Device, method);
                    }

                    return ExplainMethodRun.Run(console, request.Images, request.ImageFolders, request.Model, request.Engine, request.Device, request.Perturbation,
                        method, request.Output, request.ColorMap, request.Json);
                }

                if (parse.GetValue(bench) && (rows != null || method != null))
                {
                    throw new CliUsageException("--bench times one method's explanation: give --method without --compare and --methods");
                }

                if (parse.GetValue(bench) && (request.Compare || request.Report))
                {
                    // --bench times one explanation and writes nothing; silently dropping the sheet or the report would mislead.
                    throw new CliUsageException("--bench times one explanation and writes no files: it cannot be combined with --compare or --report");
                }

                return parse.GetValue(bench)
                    ? ExplainBenchmark.Run(console, request.Images[0], request.Model, request.Perturbation, request.Options.Iterations,
                        request.Options.BatchSize, parse.GetValue(runs), request.Engine, request.Json, request.Device)
                    : Run(console, request, rows ?? new[] { method });
            }));
            return command;
        }

        /// <summary>
        /// The sheet's rows --methods lists (null for rex), or null without --methods. --methods is --compare's: it is a usage
        /// error without it and beside --method, which otherwise names the one method of a one-row sheet.
        /// </summary>
        private static AttributionOptions?[]? ComparedMethods(ParseResult parse, Option<string?> compared, ExplainMethodOptions methods, ExplainRequest request)
        {
            if (parse.GetValue(compared) is not string list)
            {
                return null;
            }

            if (!request.Compare)
            {
                throw new CliUsageException("--methods lists the comparison sheet's rows and applies to --compare only (one method: --method)");
            }

            if (methods.MethodGiven(parse))
            {
                throw new CliUsageException("--method and --methods cannot be combined: --methods lists every method of the comparison sheet");
            }

            return methods.ForAll(EvaluateCommand.ParseMethods(list), parse, request.Options.Seed, request.Options.BatchSize, "--methods");
        }

        private static EngineOptions Variant(EngineOptions engine, string stemFill, string globalMean) =>
            engine with { Plan = CommonOptions.Variant(engine.Plan, stemFill, globalMean) };

        /// <param name="ImageFolders">Whether a folder or pattern was among the arguments: each image then gets its own output folder.</param>
        private sealed record ExplainRequest(IReadOnlyList<string> Images, bool ImageFolders, string? Model, Perturbation Perturbation, EngineOptions Engine,
            ExplainerOptions Options, string Output, bool Compare, bool Report, ColorMap ColorMap, bool Json, string Device, ExplainedClasses Classes);

        /// <param name="methods">The explaining methods, first the one whose explanation under --mode gets the files (null: rex); more than one only with --compare, where each is a row of the sheet.</param>
        private static int Run(CliConsole console, ExplainRequest request, IReadOnlyList<AttributionOptions?> methods)
        {
            using ImageClassifier classifier = ModelResolver.Load(request.Model, request.Engine, console);
            using Devices.ExplainTarget target = Devices.ExplainTarget.For(classifier, request.Device, request.Engine.Plan);
            int? targetIndex = request.Classes.TargetIndex(classifier);
            // The GPU runtime has no layer-masking forward: its comparison sheet leaves that column out rather than failing.
            Perturbation[] compared = Perturbation.All().Where(p => p.Kind != PerturbationKind.LayerMasking || target.Model is ILayerMaskingModel).ToArray();

            // Decode every image first, so a bad one fails the command before minutes of work, and nothing is half-written.
            var fitted = new List<Image<Rgb24>>();
            try
            {
                foreach (string path in request.Images)
                {
                    using Image<Rgb24> image = classifier.LoadImage(path);
                    fitted.Add(classifier.Fit(image));
                }

                var stems = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var explained = new List<ReportedExplanation>();
                for (int i = 0; i < request.Images.Count; i++)
                {
                    string path = request.Images[i], stem = UniqueStem(stems, path);
                    string folder = request.ImageFolders ? Path.Combine(request.Output, stem) : request.Output;
                    var input = new float[classifier.InputShape.Length];
                    classifier.WriteInput(fitted[i], input);
                    // Decoded again rather than kept from the first pass: a folder of large photos is not held in memory at full size.
                    using Image<Rgb24> original = classifier.LoadImage(path);
                    foreach (ExplainedClasses.Choice choice in request.Classes.For(classifier, input, targetIndex))
                    {
                        var explainer = new Explainer(target.Model, classifier.Description.Output, classifier.Description.Labels,
                            request.Options with { TargetClass = choice.Index });
                        var picture = new Picture(path, stem, Path.Combine(folder, choice.Folder), input, fitted[i], original);
                        explained.Add(ExplainOne(console, request, classifier, explainer, methods, compared, picture, choice.Rank));
                    }
                }

                if (request.Report)
                {
                    string page = ExplanationReport.Write(request.Output, classifier.Description.Name, explained, console.CommandLine);
                    if (!request.Json)
                    {
                        console.Note("wrote " + page);
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

        /// <summary>One image to explain: its path, file stem and output folder, its input tensor, and its pictures as the model saw it and as given.</summary>
        private sealed record Picture(string Path, string Stem, string Folder, float[] Input, Image<Rgb24> Fitted, Image<Rgb24> Original);

        private static ReportedExplanation ExplainOne(CliConsole console, ExplainRequest request, ImageClassifier classifier, Explainer explainer,
            IReadOnlyList<AttributionOptions?> methods, Perturbation[] compared, Picture picture, int? rank)
        {
            (string path, float[] input) = (picture.Path, picture.Input);
            string name = Path.GetFileName(path);
            // A sheet of rex alone keeps its labels and lines as they were before methods could be compared.
            bool rexOnly = methods.Count == 1 && methods[0] == null;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            ExplanationResult result = Explain(console, request, explainer, input, request.Perturbation, methods[0], rexOnly ? name : $"{name} {MethodName(methods[0])}");
            double elapsedMs = watch.Elapsed.TotalMilliseconds;
            List<IReadOnlyList<ExplanationResult>>? grid = null;
            if (request.Compare)
            {
                // One row per method, one column per perturbation: each cell is what Explain or ExplainWith alone gives
                // (Explainer.Compare's grid), the run's own explanation reused in its cell.
                grid = new List<IReadOnlyList<ExplanationResult>>();
                foreach (AttributionOptions? method in methods)
                {
                    var row = new List<ExplanationResult>();
                    foreach (Perturbation p in compared)
                    {
                        row.Add(method == methods[0] && p == request.Perturbation
                            ? result
                            : Explain(console, request, explainer, input, p, method, rexOnly ? $"{name} {p}" : $"{name} {MethodName(method)} {p}"));
                    }

                    grid.Add(row);
                }
            }

            List<ExplanationResult>? comparison = grid?.SelectMany(row => row).ToList();
            ExplanationFilePaths files = ExplanationFiles.Write(picture.Folder, picture.Stem, picture.Fitted, result, request.ColorMap);
            FitGeometry geometry = FitGeometry.For(picture.Original.Width, picture.Original.Height, classifier.Description.Preprocessing,
                classifier.InputShape.Width, classifier.InputShape.Height);
            ImageSizeFilePaths full = ExplanationFiles.WriteAtImageSize(picture.Folder, picture.Stem, picture.Original, geometry, result, request.ColorMap);
            string? sheet = null;
            if (comparison != null)
            {
                sheet = Path.Combine(picture.Folder, picture.Stem + ".compare.png");
                ComparisonSheet.Write(sheet, picture.Fitted, grid!, request.ColorMap);
            }

            var reported = new ReportedExplanation(path, result, files, comparison, sheet);
            if (request.Json)
            {
                console.WriteJson(new
                {
                    image = path,
                    model = classifier.Description.Name,
                    method = result.Method,
                    mode = ModeName(result.Perturbation),
                    maskValue = result.Perturbation.MaskingValue?.ToString().ToLowerInvariant() ?? "none",
                    threshold = result.Perturbation.Kind == PerturbationKind.ActivationDeactivation ? request.Engine.Plan.Threshold.ToString() : null,
                    target = new { index = result.Target.Index, label = result.Target.Label, confidence = result.Target.Confidence },
                    rank,
                    explanation = Summary(result),
                    mutants = result.MutantsEvaluated,
                    searchMutants = result.SearchMutants,
                    engineCalls = result.EngineCalls,
                    elapsedMs = Math.Round(elapsedMs, 1),
                    seed = request.Options.Seed,
                    iterations = request.Options.Iterations,
                    batch = request.Options.BatchSize,
                    files = new { heatmap = files.Heatmap, overlay = files.Overlay, mask = files.Mask, responsibility = files.Responsibility, comparison = sheet,
                        full = new { heatmap = full.Heatmap, overlay = full.Overlay, mask = full.Mask } },
                    comparison = comparison?.Select(r => new
                    {
                        method = r.Method,
                        mode = ModeName(r.Perturbation),
                        maskValue = r.Perturbation.MaskingValue?.ToString().ToLowerInvariant() ?? "none",
                        explanation = Summary(r),
                        mutants = r.MutantsEvaluated,
                        elapsedMs = Math.Round(r.Timings.Total.TotalMilliseconds, 1),
                    }),
                });
                return reported;
            }

            console.Out.WriteLine($"{path}: {result.Target.Label} ({Num(result.Target.Confidence)}) under {result.Perturbation}"
                + (result.Method == Explainer.RexMethod ? "" : $" by {result.Method}"));
            string found = result.Explanation.IsSufficient
                ? $"explanation {Num(100 * result.Explanation.AreaFraction, "0.0")}% of pixels ({result.Explanation.Area}), confidence {Num(result.Explanation.Confidence)}"
                : $"no sufficient explanation: {result.Explanation.Sufficiency.Describe()} (confidence {Num(result.Explanation.Confidence)})";
            console.Out.WriteLine($"  {found}; {result.MutantsEvaluated} mutants in {result.EngineCalls} engine calls, {Num(elapsedMs / 1000, "0.0")} s");
            foreach (ExplanationResult r in comparison ?? new List<ExplanationResult>())
            {
                string cell = rexOnly ? $"{r.Perturbation,-7}" : $"{r.Method,-10} {r.Perturbation,-7}";
                console.Out.WriteLine(r.Explanation.IsSufficient
                    ? $"  {cell} {Num(100 * r.Explanation.AreaFraction, "0.0"),5}% confidence {Num(r.Explanation.Confidence)}"
                    : $"  {cell} none: {r.Explanation.Sufficiency.Describe()}");
            }

            foreach (string? file in new[] { files.Heatmap, files.Overlay, files.Mask, files.Responsibility, sheet, full.Heatmap, full.Overlay, full.Mask })
            {
                if (file != null)
                {
                    console.Note("  wrote " + file);
                }
            }

            return reported;
        }

        /// <summary>One explanation: rex's search (<paramref name="method"/> null) or an attribution method's map and rex's extraction.</summary>
        private static ExplanationResult Explain(CliConsole console, ExplainRequest request, Explainer explainer, float[] input, Perturbation perturbation,
            AttributionOptions? method, string label)
        {
            ExplanationResult Run(IProgress<ExplanationProgress>? progress) => method == null
                ? explainer.Explain(input, perturbation, progress, console.Interruption)
                : explainer.ExplainWith(input, perturbation, method, progress, console.Interruption);

            if (!ExplainProgressBar.Wanted(console, request.Json))
            {
                return Run(null);
            }

            var bar = new ExplainProgressBar(console.Error, label);
            try
            {
                return Run(bar);
            }
            finally
            {
                bar.Clear();
            }
        }

        private static object Summary(ExplanationResult r) => new
        {
            area = r.Explanation.Area,
            areaFraction = Math.Round(r.Explanation.AreaFraction, 5),
            confidence = r.Explanation.Confidence,
            sufficient = r.Explanation.IsSufficient,
            sufficiency = r.Explanation.Sufficiency.Name(),
            minimised = r.Explanation.Minimised,
        };

        private static string MethodName(AttributionOptions? method) => method?.Method ?? Explainer.RexMethod;

        private static string ModeName(Perturbation p) => p.Kind == PerturbationKind.Occlusion ? "occlusion" : p.Name;

        private static string Num(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);

        internal static Perturbation ParsePerturbation(string mode, string? maskValue)
        {
            switch (mode.ToLowerInvariant())
            {
                case "ad":
                    if (maskValue != null)
                    {
                        throw new CliUsageException("--mask-value applies to --mode occlusion only: AD removes pixels without a masking value");
                    }

                    return Perturbation.ActivationDeactivation;
                case "layer-masking":
                    if (maskValue != null)
                    {
                        throw new CliUsageException("--mask-value applies to --mode occlusion only: layer masking fills removed pixels from their neighbours");
                    }

                    return Perturbation.LayerMasking;
                case "occlusion":
                    string value = maskValue ?? "zero";
                    if (!Enum.TryParse(value, ignoreCase: true, out MaskingValue parsed) || !Enum.IsDefined(parsed) || int.TryParse(value, out _))
                    {
                        throw new CliUsageException($"--mask-value '{value}' is not valid: use zero, mean, min, random, noise or blur");
                    }

                    return Perturbation.Occlusion(parsed);
                default:
                    throw new CliUsageException($"--mode '{mode}' is not valid: use ad, layer-masking or occlusion");
            }
        }

        private static ExplainerOptions Options(int iterations, long seed, int batch, int? budget, bool minimise)
        {
            if (iterations < 1)
            {
                throw new CliUsageException("--iterations must be at least 1");
            }

            if (batch < 1)
            {
                throw new CliUsageException("--batch must be at least 1");
            }

            if (budget is < 2)
            {
                throw new CliUsageException("--budget must be at least 2 (the empty mask and the whole image)");
            }

            return new ExplainerOptions { Iterations = iterations, Seed = seed, BatchSize = batch, MutantBudget = budget, Minimise = minimise };
        }

        private static ColorMap ParseColorMap(string name)
        {
            try
            {
                return ColorMap.Parse(name);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException("--colormap: " + e.Message);
            }
        }

        internal static string UniqueStem(HashSet<string> used, string path)
        {
            string stem = Path.GetFileNameWithoutExtension(path);
            string candidate = stem;
            for (int n = 2; !used.Add(candidate); n++)
            {
                candidate = $"{stem}-{n}";
            }

            return candidate;
        }
    }
}
