using System.Globalization;
using System.Text.Json;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using ConvAD.Rendering;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// Everything that decides an evaluation's rows, saved as evaluation.json in the output folder: a resumed run must use the
    /// same settings, and shards can only be merged when theirs agree. Holds file names, never machine paths.
    /// </summary>
    public sealed record EvaluateSettings
    {
        public const string FileName = "evaluation.json";

        public string Model { get; init; } = "";

        public string ModelFile { get; init; } = "";

        /// <summary>"images:FOLDER-NAME" or "mnist".</summary>
        public string Dataset { get; init; } = "";

        public string[] Modes { get; init; } = Array.Empty<string>();

        /// <summary>
        /// The explainers compared (--methods), in order; null when rex runs alone, so such a run's evaluation.json, rows and
        /// summary are those of a run before methods existed.
        /// </summary>
        public string[]? Methods { get; init; }

        /// <summary>Each attribution method's settings in words, resolved at the model's input size (null when rex runs alone).</summary>
        public string[]? MethodSettings { get; init; }

        /// <summary>The explainers of the run: <see cref="Methods"/>, or rex alone.</summary>
        public string[] RunMethods() => Methods ?? new[] { Explainer.RexMethod };

        public int Backgrounds { get; init; }

        public double[] Gammas { get; init; } = Array.Empty<double>();

        /// <summary>Background kind names (legacy expanded), in the order backgrounds cycle through them; empty in a folder of an earlier protocol.</summary>
        public string[] BackgroundKinds { get; init; } = Array.Empty<string>();

        /// <summary>Absolute confidence thresholds of ρ-robustness (confidence ≥ γ_abs).</summary>
        public double[] AbsoluteGammas { get; init; } = Array.Empty<double>();

        /// <summary>k (percent) of the size-controlled robustness: the top-k% of each mode's own ranking.</summary>
        public double[] TopPercents { get; init; } = Array.Empty<double>();

        /// <summary>The measured columns of rows.csv these settings write.</summary>
        public EvaluationColumns Columns() => new(Gammas, AbsoluteGammas, BackgroundKinds, TopPercents) { MethodColumn = Methods != null };

        /// <summary>Whether these settings are of the fair protocol (a folder of an earlier one has no background kinds).</summary>
        public bool IsFairProtocol => BackgroundKinds.Length > 0 && AbsoluteGammas.Length > 0 && TopPercents.Length > 0;

        public long Seed { get; init; }

        public int Iterations { get; init; }

        /// <summary>Pixels per extraction step; 0 until the model is known (then <see cref="EvaluateRun.DefaultChunk"/>).</summary>
        public int Chunk { get; init; }

        public string Threshold { get; init; } = "";

        /// <summary>The AD variant's stem fill (--stem-fill: zero or neighbours); a folder of an earlier run reads as the default.</summary>
        public string StemFill { get; init; } = "zero";

        /// <summary>The AD variant's global mean (--global-mean: renormalised or plain); a folder of an earlier run reads as the default.</summary>
        public string GlobalMean { get; init; } = "renormalised";

        /// <summary>True when AD runs as the project defines it (neither variant flag changed).</summary>
        private bool IsDefaultAd => StemFill == "zero" && GlobalMean == "renormalised";

        public int AucSteps { get; init; }

        /// <summary>Images taken from the dataset's (class-interleaved) order before sharding; null = all.</summary>
        public int? Limit { get; init; }

        /// <summary>This run's share, 1-based: shard <see cref="ShardIndex"/> of <see cref="ShardCount"/> takes images with index mod n = i − 1.</summary>
        public int ShardIndex { get; init; } = 1;

        public int ShardCount { get; init; } = 1;

        public string Shard => $"{ShardIndex.ToString(CultureInfo.InvariantCulture)}/{ShardCount.ToString(CultureInfo.InvariantCulture)}";

        /// <summary>The names of the settings that differ, ignoring the limit (a resumed run may extend it) and, for merges, the shard.</summary>
        public IReadOnlyList<string> Differences(EvaluateSettings other, bool ignoreShard)
        {
            var d = new List<string>();
            void Check(bool same, string name)
            {
                if (!same)
                {
                    d.Add(name);
                }
            }

            Check(Model == other.Model && ModelFile == other.ModelFile, "model");
            Check(Dataset == other.Dataset, "dataset");
            Check(Modes.SequenceEqual(other.Modes), "modes");
            Check(RunMethods().SequenceEqual(other.RunMethods()), "methods");
            Check((MethodSettings ?? Array.Empty<string>()).SequenceEqual(other.MethodSettings ?? Array.Empty<string>()), "method settings");
            Check(Backgrounds == other.Backgrounds, "backgrounds");
            Check(Gammas.SequenceEqual(other.Gammas), "gamma");
            Check(BackgroundKinds.SequenceEqual(other.BackgroundKinds), "backgrounds-kind");
            Check(AbsoluteGammas.SequenceEqual(other.AbsoluteGammas), "gamma-abs");
            Check(TopPercents.SequenceEqual(other.TopPercents), "top-k");
            Check(Seed == other.Seed, "seed");
            Check(Iterations == other.Iterations, "iterations");
            Check(Chunk == other.Chunk, "chunk");
            Check(Threshold == other.Threshold, "threshold");
            Check(StemFill == other.StemFill, "stem-fill");
            Check(GlobalMean == other.GlobalMean, "global-mean");
            Check(AucSteps == other.AucSteps, "auc-steps");
            Check(ignoreShard ? ShardCount == other.ShardCount : Shard == other.Shard, "shard");
            return d;
        }

        /// <summary>The (kind, mode) pairs where a mode is scored on backgrounds from its own masking value's generator.</summary>
        public IReadOnlyList<(BackgroundKind Kind, string Mode)> HomeAdvantages() => global::ConvAD.Evaluation.BackgroundKinds.HomeAdvantages(
            BackgroundKinds.Select(k => global::ConvAD.Evaluation.BackgroundKinds.TryParse(k, out BackgroundKind b) ? b : throw new InvalidOperationException($"unknown background kind {k}")),
            Modes.Select(Perturbation.Parse));

        public static EvaluateSettings? TryLoad(string folder)
        {
            string path = Path.Combine(folder, FileName);
            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<EvaluateSettings>(File.ReadAllText(path), CliConsole.Json)
                    ?? throw new InvalidOperationException($"{path} is empty");
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{path} is not a valid evaluation settings file: {e.Message}");
            }
        }

        public void Save(string folder)
        {
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(this, new JsonSerializerOptions(CliConsole.Json) { WriteIndented = true });
            AtomicFile.Write(Path.Combine(folder, FileName), s => s.Write(json));
        }

        /// <summary>The lines under the summary's title: what was run, so the numbers can be read and reproduced.</summary>
        public IEnumerable<string> Describe(int images)
        {
            string tau = !Modes.Contains("ad") ? "" : IsDefaultAd
                ? $", τ = {Threshold} (AD)"
                : $", τ = {Threshold} (AD variant: stem fill {StemFill}, global mean {GlobalMean})";
            string kinds = string.Join(", ", BackgroundKinds.Select((k, i) =>
                $"{((Backgrounds - i + BackgroundKinds.Length - 1) / BackgroundKinds.Length).ToString(CultureInfo.InvariantCulture)} {k}"));
            string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
            yield return $"- model: {Model} (`{ModelFile}`); data: {Dataset}; {images} image(s)" + (ShardCount > 1 ? $", shard {Shard}" : "");
            yield return $"- modes: {string.Join(", ", Modes)}{tau}";
            yield return $"- explainer: {Iterations} iteration(s), chunk {Chunk} px, seed {Seed}";
            if (Methods != null)
            {
                yield return $"- methods: {string.Join(", ", Methods)}"
                    + (MethodSettings is { Length: > 0 } ? $" ({string.Join("; ", MethodSettings)}; each map ranks the pixels and the same chunked extraction makes the explanation)" : "")
                    + (Methods.Contains(Explainer.RexMethod) ? "; the explainer line is rex's" : "");
            }

            yield return $"- backgrounds K = {Backgrounds} ({kinds}), plain model; γ ∈ {{{string.Join(", ", Gammas.Select(F))}}} (relative, ≥ γ·p), "
                + $"γ_abs ∈ {{{string.Join(", ", AbsoluteGammas.Select(F))}}} (absolute); size-controlled top-k% for k ∈ {{{string.Join(", ", TopPercents.Select(F))}}}; "
                + $"insertion/deletion with {AucSteps} steps";
            var advantages = HomeAdvantages();
            yield return advantages.Count == 0
                ? "- no mode is scored on backgrounds from its own masking value's generator"
                : "- **home advantage**: " + string.Join("; ", advantages.Select(a => $"{a.Mode} is scored on {a.Kind.Name()} backgrounds, its own generator"))
                    + " (the legacy backgrounds; use the default kinds for a fair comparison)";
        }
    }
}
