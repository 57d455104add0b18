using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ConvAD.Fuzz.Mutation;

namespace ConvAD.Fuzz.GeneratorCompile
{
    /// <summary>What a run of <see cref="GeneratorCampaign"/> saw.</summary>
    internal sealed class CampaignReport
    {
        public int Files { get; set; }

        public TimeSpan Elapsed { get; set; }

        /// <summary>Files per outcome: generated+compiled, each CVAD error ID, each kind of finding.</summary>
        public SortedDictionary<string, int> Outcomes { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Compiled files whose output included the GPU forward pass.</summary>
        public int ForwardPasses { get; set; }

        /// <summary>Files whose project referenced the GPU runtime (every second one).</summary>
        public int WithGpu { get; set; }

        public TimeSpan SlowestFile { get; set; }

        public int SlowestIndex { get; set; } = -1;

        public List<(Mutant Mutant, FileOutcome Outcome)> Findings { get; } = new List<(Mutant, FileOutcome)>();

        public string Summary()
        {
            var text = new StringBuilder();
            text.AppendLine($"{Files} files in {Elapsed.TotalSeconds:F1} s ({Files / Math.Max(Elapsed.TotalSeconds, 1e-9):F1} files/s); slowest file #{SlowestIndex}: {SlowestFile.TotalSeconds:F2} s");
            text.AppendLine($"findings: {Findings.Count}");
            foreach ((string label, int count) in Outcomes)
            {
                text.AppendLine($"  {label}: {count}");
            }

            text.AppendLine($"  (GPU runtime referenced: {WithGpu} files; GPU forward pass generated and compiled: {ForwardPasses})");
            return text.ToString();
        }
    }

    /// <summary>
    /// Mutants of the seed models, one after another, through <see cref="GeneratedCodeCheck"/>: every second project
    /// references the GPU runtime (so the forward pass is generated and compiled too), each file gets a wall-time bound
    /// (beyond it, a hang), and each finding is saved with what replays it.
    /// </summary>
    internal static class GeneratorCampaign
    {
        public static CampaignReport Run(
            MutantSource source, int start, int count, TimeSpan perFile, string? findingsDirectory, Action<string>? progress = null, TextWriter? outcomes = null, string? keepDirectory = null)
        {
            string project = Path.Combine(Path.GetTempPath(), $"convad-genfuzz-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(project);
            try
            {
                var check = new GeneratedCodeCheck(project);
                return Run(check, Enumerable.Range(start, count).Select(source.Get), perFile, findingsDirectory, progress, outcomes, keepDirectory);
            }
            finally
            {
                TryDelete(project);
            }
        }

        /// <param name="outcomes">When given, one tab-separated line per file: number, seed, GPU runtime referenced, outcome,
        /// milliseconds, mutations, and the first line of what the generator or the compiler said.</param>
        /// <param name="keepDirectory">When given, every file is saved there as NNNNNN.onnx (to look at a few, not for a campaign).</param>
        public static CampaignReport Run(
            GeneratedCodeCheck check, IEnumerable<Mutant> mutants, TimeSpan perFile, string? findingsDirectory, Action<string>? progress = null, TextWriter? outcomes = null, string? keepDirectory = null)
        {
            var report = new CampaignReport();
            var total = Stopwatch.StartNew();
            foreach (Mutant mutant in mutants)
            {
                bool gpu = mutant.Index % 2 == 1;
                // A name of its own per file: the generator caches readings by path, size and write time.
                string name = $"m{mutant.Index}.onnx";
                string path = Path.Combine(check.ProjectDirectory, name);
                File.WriteAllBytes(path, mutant.Bytes);
                if (keepDirectory != null)
                {
                    Directory.CreateDirectory(keepDirectory);
                    File.WriteAllBytes(Path.Combine(keepDirectory, $"{mutant.Index:D6}.onnx"), mutant.Bytes);
                }

                var watch = Stopwatch.StartNew();
                using var cancel = new CancellationTokenSource();
                Task<FileOutcome> run = Task.Run(() => check.Run(name, gpu, cancel.Token));
                FileOutcome outcome;
                if (!run.Wait(perFile))
                {
                    cancel.Cancel(); // the generator honours cancellation between steps; a loop that does not keeps a thread
                    outcome = FileOutcome.Found("hang", $"no result within {perFile.TotalSeconds} s");
                }
                else
                {
                    outcome = run.Result;
                    TryDelete(path);
                }

                watch.Stop();
                string said = (outcome.Detail ?? "").Split('\n')[0].Replace('\t', ' ');
                outcomes?.WriteLine($"{mutant.Index}\t{mutant.Seed}\t{gpu}\t{outcome.Label}\t{watch.ElapsedMilliseconds}\t{mutant.Mutations}\t{said}");
                report.Files++;
                report.WithGpu += gpu ? 1 : 0;
                report.ForwardPasses += outcome.GeneratedFiles == 2 ? 1 : 0;
                report.Outcomes[outcome.Label] = report.Outcomes.TryGetValue(outcome.Label, out int seen) ? seen + 1 : 1;
                if (watch.Elapsed > report.SlowestFile)
                {
                    report.SlowestFile = watch.Elapsed;
                    report.SlowestIndex = mutant.Index;
                }

                if (outcome.IsFinding)
                {
                    report.Findings.Add((mutant, outcome));
                    if (findingsDirectory != null)
                    {
                        Save(findingsDirectory, mutant, outcome, gpu);
                    }

                    progress?.Invoke($"finding #{mutant.Index} ({mutant.Seed}; {mutant.Mutations}): {outcome.Label}");
                }

                if (report.Files % 500 == 0)
                {
                    progress?.Invoke($"{report.Files} files, {total.Elapsed.TotalSeconds:F0} s, {report.Findings.Count} findings");
                }
            }

            report.Elapsed = total.Elapsed;
            return report;
        }

        private static void Save(string directory, Mutant mutant, FileOutcome outcome, bool gpu)
        {
            Directory.CreateDirectory(directory);
            string slug = new string(outcome.Label.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
            string stem = Path.Combine(directory, $"{mutant.Index:D6}-{slug}");
            File.WriteAllBytes(stem + ".onnx", mutant.Bytes);
            File.WriteAllText(stem + ".txt",
                $"file #{mutant.Index} from seed {mutant.Seed}\nmutations: {mutant.Mutations}\nGPU runtime referenced: {gpu}\n" +
                $"outcome: {outcome.Label}\n\n{outcome.Detail}\n");
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
                // a hung run may still hold it; the temp folder is the system's to clean
            }
        }
    }
}
