using System.CommandLine;
using System.Globalization;
using ConvAD.Evaluation;
using ConvAD.Explanation;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// <c>convad evaluate</c>: the paper's comparison of AD with every masking value on a dataset (size, confidence drop-off,
    /// ρ-robustness on non-informative backgrounds, insertion/deletion AUC), as a CSV, a Markdown summary and plots;
    /// sharded, resumable, and <c>evaluate merge</c> to join shards.
    /// </summary>
    public static class EvaluateCommand
    {
        /// <summary>The --quick preset: small enough for CI on the CIFAR-10 and MNIST models (each option given explicitly still wins).</summary>
        public static readonly (int Limit, int Iterations, int Backgrounds, int AucSteps) Quick = (3, 2, 6, 5);

        /// <summary>RISE's N in an evaluation, where each image is explained under every mode: a quarter of explain's 4000.</summary>
        public const int EvaluationRiseMasks = 1000;

        public static Command Create(CliConsole console)
        {
            var model = CommonOptions.Model();
            var images = new Option<string?>("--images") { Description = "Folder of images (recursive); a parent folder named after a class gives the true class" };
            var mnist = new Option<bool>("--mnist") { Description = "Use the shipped MNIST test digits (data/mnist) instead of --images" };
            var modes = new Option<string>("--modes") { Description = "Comma-separated modes: ad, layer-masking and masking values", DefaultValueFactory = _ => AllModes };
            var backgrounds = new Option<int?>("--backgrounds", "-k") { Description = $"Non-informative backgrounds K (default {NonInformativeBackgrounds.DefaultCount})" };
            var kinds = new Option<string>("--backgrounds-kind")
            {
                Description = "Background kinds, comma-separated, cycled through: blobs (blurred noise at several scales), gradient, tiles (shuffled 16×16 "
                    + "tiles of data/photos), or legacy (uniform noise, solid colour, blurred noise: gives noise and the constant values a home advantage)",
                DefaultValueFactory = _ => DefaultKinds,
            };
            var gamma = new Option<string>("--gamma") { Description = "Relative confidence thresholds γ of ρ-robustness (confidence ≥ γ·p), comma-separated", DefaultValueFactory = _ => "0,0.25,0.5" };
            var gammaAbs = new Option<string>("--gamma-abs") { Description = "Absolute confidence thresholds (confidence ≥ γ_abs), comma-separated", DefaultValueFactory = _ => "0,0.25,0.5" };
            var topK = new Option<string>("--top-k") { Description = "Size-controlled robustness: k (percent) of the top-k% of each mode's own ranking, comma-separated", DefaultValueFactory = _ => "5,10,20,30,50" };
            var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N images (classes interleaved; default all)" };
            var seed = new Option<long>("--seed", "-s") { Description = "Seed of the explainer, the backgrounds and the random masking values", DefaultValueFactory = _ => 0 };
            var output = new Option<string>("--out", "-o") { Description = "Output folder (an existing one is resumed)", DefaultValueFactory = _ => "convad-eval" };
            var shard = new Option<string>("--shard") { Description = "i/n: evaluate only images with index mod n = i − 1 (1-based)", DefaultValueFactory = _ => "1/1" };
            var iterations = new Option<int?>("--iterations", "-n") { Description = "Explainer search iterations (default 20)" };
            var threshold = CommonOptions.Threshold();
            var stemFill = CommonOptions.StemFill();
            var globalMean = CommonOptions.GlobalMean();
            var quick = new Option<bool>("--quick") { Description = $"CI preset: --limit {Quick.Limit} --iterations {Quick.Iterations} --backgrounds {Quick.Backgrounds} --auc-steps {Quick.AucSteps}" };
            var chunk = new Option<int?>("--chunk") { Description = "Pixels added per step while extracting an explanation (default max(10, H·W/500))" };
            var aucSteps = new Option<int?>("--auc-steps") { Description = $"Steps of the insertion/deletion curves (default {InsertionDeletion.DefaultSteps})" };
            var batch = new Option<int>("--batch", "-b") { Description = "Images per engine call (never changes a result)", DefaultValueFactory = _ => 64 };
            var threads = CommonOptions.Threads();
            var inputSize = CommonOptions.InputSize();
            var maxBatchMb = CommonOptions.MaxBatchMb();
            var methods = new Option<string>("--methods")
            {
                Description = "Comma-separated explainers to compare: rex (causal responsibility), occlusion, rise, kernelshap; an attribution map ranks the "
                    + "pixels for the same extraction as rex's, so every metric applies",
                DefaultValueFactory = _ => Explainer.RexMethod,
            };
            var methodOptions = new ExplainMethodOptions(EvaluationRiseMasks);
            var command = new Command("evaluate", "Compare AD with occlusion masking values on a dataset: size, confidence, ρ-robustness, insertion/deletion")
            {
                model, images, mnist, modes, backgrounds, kinds, gamma, gammaAbs, topK, limit, seed, output, shard, iterations, threshold, stemFill, globalMean, quick, chunk, aucSteps, batch, threads,
                inputSize, maxBatchMb, methods, CreateMerge(console),
            };
            foreach (Option option in methodOptions.Settings)
            {
                command.Options.Add(option);
            }

            command.SetAction(parse => console.Guard(() =>
            {
                bool q = parse.GetValue(quick);
                string[] methodNames = ParseMethods(parse.GetValue(methods)!);
                methodOptions.CheckOwners(parse, methodNames, "--methods");
                (int shardIndex, int shardCount) = ParseShard(parse.GetValue(shard)!);
                var settings = new EvaluateSettings
                {
                    Modes = ParseModes(parse.GetValue(modes)!),
                    Methods = methodNames.SequenceEqual(new[] { Explainer.RexMethod }) ? null : methodNames,
                    Backgrounds = Positive(parse.GetValue(backgrounds) ?? (q ? Quick.Backgrounds : NonInformativeBackgrounds.DefaultCount), "--backgrounds"),
                    Gammas = ParseGammas(parse.GetValue(gamma)!),
                    BackgroundKinds = ParseKinds(parse.GetValue(kinds)!),
                    AbsoluteGammas = ParseGammas(parse.GetValue(gammaAbs)!, "--gamma-abs"),
                    TopPercents = ParseTopPercents(parse.GetValue(topK)!),
                    Seed = parse.GetValue(seed),
                    Iterations = Positive(parse.GetValue(iterations) ?? (q ? Quick.Iterations : 20), "--iterations"),
                    Chunk = parse.GetValue(chunk) is int c ? Positive(c, "--chunk") : 0,
                    Threshold = CommonOptions.Engine(parse.GetValue(threshold)!, 0).Plan.Threshold.ToString(),
                    StemFill = parse.GetValue(stemFill)!,
                    GlobalMean = parse.GetValue(globalMean)!,
                    AucSteps = Positive(parse.GetValue(aucSteps) ?? (q ? Quick.AucSteps : InsertionDeletion.DefaultSteps), "--auc-steps"),
                    Limit = parse.GetValue(limit) is int l ? Positive(l, "--limit") : q ? Quick.Limit : null,
                    ShardIndex = shardIndex,
                    ShardCount = shardCount,
                };
                if (settings.Backgrounds < settings.BackgroundKinds.Length)
                {
                    throw new CliUsageException($"--backgrounds {settings.Backgrounds} is fewer than the {settings.BackgroundKinds.Length} background kinds: each kind needs one");
                }

                string? folder = parse.GetValue(images);
                if ((folder != null) == parse.GetValue(mnist))
                {
                    throw new CliUsageException("give exactly one of --images DIR and --mnist");
                }

                int batchSize = Positive(parse.GetValue(batch), "--batch");
                // One budget for the engine's batches, the explainer's mutants and the evaluation's scoring (EvaluateRun).
                var engine = CommonOptions.Engine(parse.GetValue(threshold)!, parse.GetValue(threads), batchSize, parse.GetValue(inputSize), parse.GetValue(maxBatchMb));
                engine = engine with { Plan = CommonOptions.Variant(engine.Plan, settings.StemFill, settings.GlobalMean) };
                var request = new EvaluateRequest(parse.GetValue(model), folder, parse.GetValue(mnist), settings, engine, batchSize, parse.GetValue(output)!)
                {
                    Methods = methodNames.Where(m => m != Explainer.RexMethod)
                        .ToDictionary(m => m, m => methodOptions.For(m, parse, settings.Seed, batchSize)!),
                };
                return EvaluateRun.Run(console, request);
            }));
            return command;
        }

        /// <summary>The fair protocol's backgrounds: no masking value's generator among them.</summary>
        public static string DefaultKinds => string.Join(",", BackgroundKinds.Default.Select(k => k.Name()));

        public static string AllModes => string.Join(",", Perturbation.All().Select(p => p.Name));

        private static Command CreateMerge(CliConsole console)
        {
            var folders = new Argument<string[]>("DIR") { Description = "Evaluation folders (the shards) to join", Arity = ArgumentArity.OneOrMore };
            var output = new Option<string>("--out", "-o") { Description = "Folder for the merged rows, summary and plots", DefaultValueFactory = _ => "convad-eval-merged" };
            var merge = new Command("merge", "Join the shards of one evaluation into the rows, summary and plots of an unsharded run") { folders, output };
            merge.SetAction(parse => console.Guard(() => EvaluateMerge.Run(console, parse.GetValue(folders)!, parse.GetValue(output)!)));
            return merge;
        }

        internal static string[] ParseModes(string text)
        {
            string[] names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0)
            {
                throw new CliUsageException("--modes is empty: use ad, layer-masking and masking values, e.g. " + AllModes);
            }

            try
            {
                string[] parsed = names.Select(n => Perturbation.Parse(n).Name).ToArray();
                return parsed.Distinct().Count() == parsed.Length ? parsed : throw new CliUsageException("--modes names a mode twice");
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException("--modes: " + e.Message);
            }
        }

        internal static string[] ParseMethods(string text)
        {
            string[] names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray();
            if (names.Length == 0)
            {
                throw new CliUsageException("--methods is empty: use " + string.Join(",", ExplainMethodOptions.Names));
            }

            if (names.FirstOrDefault(n => !ExplainMethodOptions.Names.Contains(n)) is string unknown)
            {
                throw new CliUsageException($"--methods: '{unknown}' is not a method: use {string.Join(", ", ExplainMethodOptions.Names)}");
            }

            return names.Distinct().Count() == names.Length ? names : throw new CliUsageException("--methods names a method twice");
        }

        internal static string[] ParseKinds(string text)
        {
            try
            {
                return BackgroundKinds.Parse(text).Select(k => k.Name()).ToArray();
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException("--backgrounds-kind: " + e.Message);
            }
        }

        internal static double[] ParseTopPercents(string text)
        {
            var ks = new List<double>();
            foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double k) || !(k > 0 && k <= 100))
                {
                    throw new CliUsageException($"--top-k '{part}' is not a percentage in (0, 100]");
                }

                ks.Add(k);
            }

            if (ks.Count == 0 || ks.Distinct().Count() != ks.Count)
            {
                throw new CliUsageException("--top-k needs one or more distinct percentages in (0, 100]");
            }

            return ks.ToArray();
        }

        internal static double[] ParseGammas(string text, string option = "--gamma")
        {
            var gammas = new List<double>();
            foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double g) || !(g >= 0 && g <= 1))
                {
                    throw new CliUsageException($"{option} '{part}' is not a number in [0, 1]");
                }

                gammas.Add(g);
            }

            if (gammas.Count == 0 || gammas.Distinct().Count() != gammas.Count)
            {
                throw new CliUsageException($"{option} needs one or more distinct numbers in [0, 1]");
            }

            return gammas.ToArray();
        }

        internal static (int Index, int Count) ParseShard(string text)
        {
            string[] parts = text.Split('/');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && i >= 1 && i <= n)
            {
                return (i, n);
            }

            throw new CliUsageException($"--shard '{text}' is not valid: use i/n with 1 ≤ i ≤ n, e.g. 2/8");
        }

        private static int Positive(int value, string name) => value >= 1 ? value : throw new CliUsageException($"{name} must be at least 1");
    }
}
