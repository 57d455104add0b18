using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Fuzz.Mutation;

namespace ConvAD.Fuzz.GeneratorCompile
{
    /// <summary>
    /// <c>ConvAD.Fuzz generator-compile [--count N] [--seed S] [--start I] [--out DIR] [--timeout SECONDS] [--repo DIR] [--keep-files]</c>:
    /// N mutants of the committed seed models (numbers I … I+N−1 of run seed S) through the real generator and the
    /// compiler; the summary goes to stdout and DIR/summary.txt, each finding to DIR/findings, one line per file to
    /// DIR/outcomes.tsv; with --keep-files every file to DIR/files.
    /// <c>ConvAD.Fuzz generator-compile FILE...</c>: the given model files, each without and with the GPU runtime.
    /// Exit code 0 without findings, 1 with, 2 for a usage error.
    /// </summary>
    internal static class GeneratorCompileCommand
    {
        public const string Name = "generator-compile";

        public static int Run(string[] args)
        {
            int count = 1000, seed = 1, start = 0;
            double timeout = 30;
            string output = "genfuzz-out";
            string? repository = null;
            bool keepFiles = false;
            var files = new List<string>();
            try
            {
                for (int i = 0; i < args.Length; i++)
                {
                    string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                    switch (args[i])
                    {
                        case "--count": count = int.Parse(Value()); break;
                        case "--seed": seed = int.Parse(Value()); break;
                        case "--start": start = int.Parse(Value()); break;
                        case "--timeout": timeout = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                        case "--out": output = Value(); break;
                        case "--repo": repository = Value(); break;
                        case "--keep-files": keepFiles = true; break;
                        default:
                            if (args[i].StartsWith("--", StringComparison.Ordinal))
                            {
                                throw new FormatException("unknown option " + args[i]);
                            }

                            files.Add(args[i]);
                            break;
                    }
                }

                if (count < 1 || start < 0 || timeout <= 0)
                {
                    throw new FormatException("--count and --timeout must be positive, --start not negative");
                }
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"{Name}: {e.Message}");
                return 2;
            }

            string findings = Path.Combine(output, "findings");
            string? keep = keepFiles ? Path.Combine(output, "files") : null;
            Directory.CreateDirectory(output);
            using var outcomes = new StreamWriter(Path.Combine(output, "outcomes.tsv"));
            CampaignReport report;
            if (files.Count > 0)
            {
                string project = Path.Combine(Path.GetTempPath(), $"convad-genfuzz-{Environment.ProcessId}");
                Directory.CreateDirectory(project);
                var check = new GeneratedCodeCheck(project);
                IEnumerable<Mutant> mutants = files.SelectMany((f, k) => new[] { 2 * k, 2 * k + 1 }.Select(n => new Mutant(n, f, "as given", File.ReadAllBytes(f))));
                report = GeneratorCampaign.Run(check, mutants, TimeSpan.FromSeconds(timeout), findings, Console.WriteLine, outcomes, keep);
                Directory.Delete(project, recursive: true);
            }
            else
            {
                repository ??= FindRepository();
                if (repository == null)
                {
                    Console.Error.WriteLine($"{Name}: run it inside the repository, or name it with --repo");
                    return 2;
                }

                var source = new MutantSource(MutantSource.CommittedSeeds(repository), seed);
                Console.WriteLine($"{Name}: {count} mutants from #{start}, run seed {seed}, {source.Seeds.Count} seed models, {timeout} s per file");
                report = GeneratorCampaign.Run(source, start, count, TimeSpan.FromSeconds(timeout), findings, Console.WriteLine, outcomes, keep);
            }

            string summary = report.Summary();
            Console.Write(summary);
            File.WriteAllText(Path.Combine(output, "summary.txt"), summary);
            return report.Findings.Count == 0 ? 0 : 1;
        }

        private static string? FindRepository()
        {
            for (DirectoryInfo? folder = new DirectoryInfo(Environment.CurrentDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ConvAD.sln")))
                {
                    return folder.FullName;
                }
            }

            return null;
        }
    }
}
