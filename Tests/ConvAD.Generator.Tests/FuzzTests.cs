using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ConvAD.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// The generator never throws into the compiler (CS8785) and never hangs: truncated, random and mutated
    /// model files end as diagnostics, or, when a mutation still leaves a valid model, as code that compiles;
    /// with the GPU runtime referenced, the forward pass included (or CVAD011).
    /// </summary>
    public sealed class FuzzTests
    {
        private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);
        private static readonly HashSet<string> Expected = new HashSet<string> { "CVAD002", "CVAD003", "CVAD004", "CVAD009", "CVAD011", "CVAD012", "CVAD013", "CVAD014" };
        private readonly ITestOutputHelper _output;

        public FuzzTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <param name="referenceGpu">Whether the compilation references ConvAD's GPU runtime, so the forward pass is generated too.</param>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Truncated_random_and_mutated_models_only_ever_produce_diagnostics(bool referenceGpu)
        {
            using var project = new ScratchDirectory();
            int i = 0, forwardPasses = 0;
            var failures = new List<string>();
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach ((string kind, byte[] bytes) in Cases())
            {
                string name = $"case{i++}.onnx";
                string path = project.Write(name, bytes);
                string source = $"using ConvAD;\n\nnamespace App\n{{\n    [ConvAdModel(\"{name}\")]\n    public partial class Net {{ }}\n}}\n";
                Task<GeneratorRun> run = Task.Run(() => new GeneratorHarness(project.Path, path) { ReferenceGpu = referenceGpu }.Run(source));
                if (await Task.WhenAny(run, Task.Delay(PerCase)) != run)
                {
                    failures.Add($"{name} ({kind}): no result within {PerCase.TotalSeconds} s");
                    continue;
                }

                GeneratorRun result = await run;
                string outcome = result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)?.Id ?? "generated";
                outcomes[outcome] = outcomes.TryGetValue(outcome, out int seen) ? seen + 1 : 1;
                forwardPasses += result.Result.GeneratedTrees.Length == 2 ? 1 : 0;
                string? problem = Check(result, referenceGpu);
                if (problem != null)
                {
                    failures.Add($"{name} ({kind}): {problem}");
                }
            }

            // The figures docs/reliability.md quotes: how many cases ended in which error, or in a generated class.
            _output.WriteLine($"{i} cases: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(!referenceGpu || forwardPasses > 0, "no case left a model whose forward pass was generated: the GPU part went untested");
        }

        private static string? Check(GeneratorRun run, bool referenceGpu)
        {
            Diagnostic? crash = run.DriverDiagnostics.Concat(run.Diagnostics).FirstOrDefault(d => !Expected.Contains(d.Id) || (d.Id == "CVAD011" && !referenceGpu));
            if (crash != null)
            {
                return crash.ToString();
            }

            if (referenceGpu && run.Result.GeneratedTrees.Length == 1 && !run.Diagnostics.Any(d => d.Id == "CVAD011"))
            {
                return "a model class without its GPU forward pass, and no CVAD011 to say why";
            }

            if (run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return run.Result.GeneratedTrees.Length == 0 ? null : "an error diagnostic and generated code";
            }

            // Still a valid model: the code generated from it must compile.
            Diagnostic? error = run.CompilationProblems.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            return error?.ToString();
        }

        private static IEnumerable<(string Kind, byte[] Bytes)> Cases()
        {
            byte[] mnist = File.ReadAllBytes(RepoPaths.File("models", "mnist", "mnist-8.onnx"));
            byte[] cnn = File.ReadAllBytes(RepoPaths.File("models", "cifar10", "small-cnn.onnx"));
            var random = new Random(20240611);

            foreach (byte[] model in new[] { mnist, cnn })
            {
                foreach (int length in new[] { 0, 1, 2, 3, 5, 8, 16, 64, 200, 1000 }.Concat(Enumerable.Range(1, 15).Select(k => model.Length * k / 16)))
                {
                    yield return ($"truncated to {length} of {model.Length}", model.Take(length).ToArray());
                }
            }

            // Models broken on purpose, one rule each (the invalid models the random mutations rarely make).
            foreach ((string name, HostileModels.Spec spec, string _, string _) in HostileModels.Invalid())
            {
                yield return (name, HostileModels.Write(spec));
            }

            for (int n = 0; n < 20; n++)
            {
                var bytes = new byte[random.Next(1, 8192)];
                random.NextBytes(bytes);
                yield return ($"{bytes.Length} random bytes", bytes);
            }

            // CONVAD_FUZZ_CASES scales the random part (60 mutated real models and 40 random hand-written ones by default).
            int scale = int.TryParse(Environment.GetEnvironmentVariable("CONVAD_FUZZ_CASES"), out int asked) && asked > 0 ? asked : 100;
            for (int n = 0; n < scale * 2 / 5; n++)
            {
                yield return ("random attributes", HostileModels.Random(random));
            }

            for (int n = 0; n < scale * 3 / 5; n++)
            {
                byte[] model = (n % 2 == 0 ? mnist : cnn).ToArray();
                int flips = 1 + random.Next(8);
                // Most of a model is weights; aim half of the mutations at the first 2 KB, where the graph usually starts.
                int range = n % 4 < 2 ? Math.Min(2048, model.Length) : model.Length;
                for (int f = 0; f < flips; f++)
                {
                    model[random.Next(range)] = (byte)random.Next(256);
                }

                yield return ($"{flips} random bytes changed", model);
            }
        }
    }
}
