using System.Diagnostics;
using System.Globalization;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Cli.Commands
{
    /// <summary>What <c>convad evaluate</c> was asked to do, after the options are resolved (the --quick preset applied).</summary>
    /// <remarks><see cref="Methods"/>: the attribution methods' options by name (rex, which has none, is not among them).</remarks>
    public sealed record EvaluateRequest(string? Model, string? Images, bool Mnist, EvaluateSettings Settings, EngineOptions Engine, int Batch, string Output)
    {
        public IReadOnlyDictionary<string, AttributionOptions> Methods { get; init; } = new Dictionary<string, AttributionOptions>();
    }

    /// <summary>
    /// Runs an evaluation: each image of this shard, not already finished in the output folder, is explained under every mode,
    /// each explanation measured, and the image's rows appended; then the summary and plots are rewritten from all rows.
    /// </summary>
    public static class EvaluateRun
    {
        public static int Run(CliConsole console, EvaluateRequest request)
        {
            EvaluateSettings settings = request.Settings;
            using ImageClassifier classifier = ModelResolver.Load(request.Model, request.Engine, console);
            (string dataset, List<EvaluationItem> items) = request.Mnist
                ? EvaluateDataset.Mnist(settings.Limit)
                : EvaluateDataset.FromFolder(request.Images!, classifier.Description.Labels, classifier.LoadImage, settings.Limit);
            settings = settings with
            {
                Model = classifier.Description.Name,
                ModelFile = Path.GetFileName(classifier.Description.ModelPath),
                Dataset = dataset,
                Chunk = settings.Chunk > 0 ? settings.Chunk : DefaultChunk(classifier.InputShape.Height * classifier.InputShape.Width),
                MethodSettings = settings.Methods == null
                    ? null
                    : settings.Methods.Where(request.Methods.ContainsKey)
                        .Select(m => ExplainMethodOptions.Describe(request.Methods[m], classifier.InputShape.Height, classifier.InputShape.Width)).ToArray(),
            };

            Directory.CreateDirectory(request.Output);
            EvaluateSettings? previous = EvaluateSettings.TryLoad(request.Output);
            if (previous != null && !previous.IsFairProtocol)
            {
                // A folder of another protocol is bad input, not a wrong command line.
                throw new InvalidDataException($"{request.Output} holds an evaluation of an earlier protocol (no background kinds, absolute thresholds or top-k% "
                    + "columns); its numbers are not comparable: rerun into another --out folder");
            }

            if (previous != null && previous.Differences(settings, ignoreShard: false) is { Count: > 0 } differ)
            {
                throw new CliUsageException($"{request.Output} holds an evaluation with other settings ({string.Join(", ", differ)}): "
                    + "use another --out folder, or the same settings to resume it");
            }

            settings.Save(request.Output);
            (EvaluateStore store, int dropped, int unreadable) = EvaluateStore.Open(request.Output, settings.Columns(), settings.RunMethods(), settings.Modes);
            foreach ((BackgroundKind kind, string mode) in settings.HomeAdvantages())
            {
                console.Out.WriteLine($"warning: {mode} is scored on {kind.Name()} backgrounds, made by its own masking value's generator (a home advantage)");
            }

            List<EvaluationItem> mine = items.Where(i => i.Index % settings.ShardCount == settings.ShardIndex - 1).ToList();
            List<EvaluationItem> todo = mine.Where(i => !store.Done.Contains(i.Id)).ToList();
            if (store.Done.Count > 0 || dropped > 0)
            {
                console.Note($"resuming {request.Output}: {mine.Count - todo.Count} of {mine.Count} image(s) already done"
                    + (dropped > 0 ? $"; {dropped} unfinished image(s) will be redone" : "") + (unreadable > 0 ? $" ({unreadable} cut-short line(s) dropped)" : ""));
            }

            var explainer = classifier.CreateExplainer(new ExplainerOptions
            {
                Iterations = settings.Iterations,
                Seed = settings.Seed,
                BatchSize = request.Batch,
                MaxBatchBytes = request.Engine.MaxBatchBytes,
                ChunkSize = settings.Chunk,
            });
            BackgroundKind[] kinds = BackgroundKinds.Parse(string.Join(",", settings.BackgroundKinds));
            IReadOnlyList<Background>? tiles = null;
            if (kinds.Contains(BackgroundKind.ShuffledTiles))
            {
                tiles = EvaluateDataset.Photos(classifier.LoadImage, out string photos);
                if (request.Images != null && SameFolder(request.Images, photos))
                {
                    console.Out.WriteLine("warning: the tiles backgrounds are cut from the evaluated images themselves (data/photos): "
                        + "use --backgrounds-kind blobs,gradient for these images");
                }
            }

            BackgroundSet backgrounds = BackgroundSets.ForClassifier(classifier, settings.Backgrounds, settings.Seed, kinds, tiles);
            var evaluator = new ExplanationEvaluator(classifier.Model, classifier.Description.Output, backgrounds, new EvaluationOptions
            {
                Gammas = settings.Gammas,
                AbsoluteGammas = settings.AbsoluteGammas,
                TopPercents = settings.TopPercents,
                AucSteps = settings.AucSteps,
                BatchSize = request.Batch,
                MaxBatchBytes = request.Engine.MaxBatchBytes,
                Seed = settings.Seed,
            });
            Perturbation[] modes = settings.Modes.Select(Perturbation.Parse).ToArray();
            var total = Stopwatch.StartNew();
            for (int n = 0; n < todo.Count; n++)
            {
                var watch = Stopwatch.StartNew();
                EvaluationItem item = todo[n];
                List<EvaluationRow> rows = EvaluateImage(classifier, explainer, evaluator, item, settings.RunMethods(), request.Methods, modes, settings.Threshold);
                store.Append(item.Id, rows, settings.Columns().MethodColumn);
                console.Note(Progress(mine.Count - todo.Count + n + 1, mine.Count, item, rows, settings.Gammas, watch.Elapsed.TotalSeconds)
                    + "; " + ExplainProgressBar.Timing(total.Elapsed, (n + 1) / (double)todo.Count));
            }

            // The summary covers this run's images; rows kept from a run with a larger --limit stay in the CSV only.
            var mineIds = mine.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            EvaluationReportFiles files = EvaluationReport.Write(request.Output, settings.Model, settings.Describe(mine.Count),
                Ordered(store.Rows.Where(r => mineIds.Contains(r.Image)), settings), settings.Columns(), settings.RunMethods(), settings.Modes, console.CommandLine);
            console.Out.WriteLine($"{todo.Count} image(s) evaluated in {total.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; "
                + $"wrote {store.RowsPath}, {files.Summary}, {files.Robustness}, {files.Size}, {files.Confidence}, {files.SizeRobustness}, {files.Report}");
            return ExitCodes.Ok;
        }

        /// <summary>
        /// The extraction step: the explainer's 10 pixels, or 0.2% of the image when that is more. At 224×224 ten pixels would make
        /// extraction, not the search, the cost of an explanation; 0.2% is still finer than 10 pixels are at 32×32 (1%).
        /// </summary>
        public static int DefaultChunk(int pixels) => Math.Max(10, pixels / 500);

        private static bool SameFolder(string a, string b) =>
            string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

        /// <summary>Rows by image index, then in the order of the methods, then of the modes.</summary>
        public static List<EvaluationRow> Ordered(IEnumerable<EvaluationRow> rows, EvaluateSettings settings) =>
            rows.OrderBy(r => r.ImageIndex).ThenBy(r => Array.IndexOf(settings.RunMethods(), r.Method)).ThenBy(r => Array.IndexOf(settings.Modes, r.Mode)).ToList();

        /// <summary>
        /// One image's rows: for each method, each mode. rex searches for responsibility; an attribution method's map ranks the
        /// pixels for the same extraction (<see cref="Explainer.ExplainWith"/>), so every metric applies to both unchanged.
        /// </summary>
        private static List<EvaluationRow> EvaluateImage(ImageClassifier classifier, Explainer explainer, ExplanationEvaluator evaluator, EvaluationItem item,
            IReadOnlyList<string> methods, IReadOnlyDictionary<string, AttributionOptions> options, Perturbation[] modes, string threshold)
        {
            var input = new float[classifier.InputShape.Length];
            using (Image<Rgb24> image = item.Load())
            {
                classifier.WriteInput(image, input);
            }

            var rows = new List<EvaluationRow>();
            foreach (string method in methods)
            {
                rows.AddRange(EvaluateMethod(explainer, evaluator, item, input, options.GetValueOrDefault(method), modes, threshold));
            }

            return rows;
        }

        private static List<EvaluationRow> EvaluateMethod(Explainer explainer, ExplanationEvaluator evaluator, EvaluationItem item, float[] input,
            AttributionOptions? method, Perturbation[] modes, string threshold)
        {
            var rows = new List<EvaluationRow>();
            foreach (Perturbation mode in modes)
            {
                ExplanationResult result;
                ExplanationMetrics metrics;
                var watch = new Stopwatch();
                try
                {
                    result = method == null ? explainer.Explain(input, mode) : explainer.ExplainWith(input, mode, method);
                    watch.Start();
                    metrics = evaluator.Evaluate(input, result);
                }
                catch (NonFiniteOutputException e)
                {
                    // Say which image: the exception's own index is a position in one batch.
                    throw new NonFiniteOutputException($"{item.Id} under {mode}{(method == null ? "" : $" ({method.Method})")}: {e.Message}");
                }

                rows.Add(EvaluationRow.From(item.Index, item.Id, item.TrueClass, threshold, result, metrics, watch.Elapsed.TotalMilliseconds));
            }

            return rows;
        }

        private static string Progress(int done, int count, EvaluationItem item, List<EvaluationRow> rows, double[] gammas, double seconds)
        {
            EvaluationRow first = rows[0];
            string truth = first.Correct switch { true => " (correct)", false => " (wrong)", null => "" };
            bool methods = rows.Any(r => r.Method != Explainer.RexMethod);
            string modes = string.Join(", ", rows.Select(r =>
                $"{(methods ? r.Method + "/" : "")}{r.Mode} {(100 * r.Size).ToString("0.0", CultureInfo.InvariantCulture)}% r={r.Robustness[0].ToString("0.00", CultureInfo.InvariantCulture)}"));
            return $"[{done}/{count}] {item.Id}: {first.TargetLabel} {first.Confidence.ToString("0.000", CultureInfo.InvariantCulture)}{truth}; "
                + $"size and r(γ={gammas[0].ToString("0.##", CultureInfo.InvariantCulture)}): {modes}; {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
        }
    }
}
