using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using ConvAD.Fuzz.GeneratorCompile;
using ConvAD.Fuzz.Mutation;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// The compile fuzzer (ConvAD.Fuzz generator-compile, docs/reliability.md "Fuzzing") at CI size: mutants of the
    /// committed seed models through the real generator and the compiler end as code that compiles or as a CVAD
    /// diagnostic, never as CVAD010, a driver exception, non-compiling code or a hang. The campaign itself runs the
    /// same code on 10,000+ files.
    /// </summary>
    public sealed class GeneratorCompileFuzzTests
    {
        /// <summary>A few seconds of work on this machine's slowest seed; far above any file's cost.</summary>
        private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(30);

        private readonly ITestOutputHelper _output;

        public GeneratorCompileFuzzTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Mutated_models_through_the_generator_and_the_compiler_leave_no_findings()
        {
            var source = new MutantSource(MutantSource.CommittedSeeds(RepoPaths.Root), runSeed: 1);
            // Numbers past the campaign's first files, so CI adds files the campaign did not already judge.
            CampaignReport report = GeneratorCampaign.Run(source, start: 1_000_000, count: 150, PerFile, findingsDirectory: null);

            _output.WriteLine(report.Summary());
            Assert.True(report.Findings.Count == 0, string.Join("\n\n", report.Findings.Select(f => $"#{f.Mutant.Index} ({f.Mutant.Seed}; {f.Mutant.Mutations}): {f.Outcome.Label}\n{f.Outcome.Detail}")));
            // The compile check ran: some mutants are still valid models, and some of those got their GPU forward pass.
            Assert.True(report.Outcomes.TryGetValue(FileOutcome.CompiledLabel, out int compiled) && compiled >= 5, report.Summary());
            Assert.True(report.ForwardPasses > 0, report.Summary());
        }

        [Fact]
        public void Committed_generator_corpus_compiles_or_ends_in_a_diagnostic()
        {
            using var project = new ScratchDirectory();
            var check = new GeneratedCodeCheck(project.Path);
            Mutant[] files = Directory.GetFiles(RepoPaths.File("Tests", "Fuzz", "corpus", "generator"))
                .OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany((f, k) => new[] { 2 * k, 2 * k + 1 }.Select(n => new Mutant(n, Path.GetFileName(f), "as committed", File.ReadAllBytes(f))))
                .ToArray();

            CampaignReport report = GeneratorCampaign.Run(check, files, PerFile, findingsDirectory: null);

            _output.WriteLine(report.Summary());
            Assert.True(report.Findings.Count == 0, string.Join("\n\n", report.Findings.Select(f => $"{f.Mutant.Seed}: {f.Outcome.Label}\n{f.Outcome.Detail}")));
        }

        [Fact]
        public void Generated_code_the_compiler_refuses_is_a_finding()
        {
            // What a generator bug would emit: a member whose type does not match its value.
            FileOutcome outcome = JudgeGenerated("namespace App { public partial class M { public int Classes => \"ten\"; } }");

            Assert.True(outcome.IsFinding);
            Assert.StartsWith("non-compiling output (CS0029)", outcome.Label, StringComparison.Ordinal);
            Assert.Contains("\"ten\"", outcome.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public void The_same_source_fixed_compiles()
        {
            // The control for the test above: the checker does not call every generated source a finding.
            FileOutcome outcome = JudgeGenerated("namespace App { public partial class M { /// <summary>Ten.</summary>\n public int Classes => 10; } }");

            Assert.False(outcome.IsFinding, outcome.Detail);
            Assert.Equal(FileOutcome.CompiledLabel, outcome.Label);
        }

        [Theory]
        [InlineData("CVAD010", false, "CVAD010")]
        [InlineData("CS8785", true, "generator exception (CS8785)")]
        [InlineData("CVAD001", false, "unexpected diagnostic CVAD001")]
        public void A_generator_failure_is_a_finding(string id, bool fromDriver, string expected)
        {
            var descriptor = new DiagnosticDescriptor(id, "failure", "the generator failed", "ConvAD", DiagnosticSeverity.Error, isEnabledByDefault: true);
            ImmutableArray<Diagnostic> diagnostics = ImmutableArray.Create(Diagnostic.Create(descriptor, Location.None));
            CSharpCompilation project = GeneratorHarness.Compile(GeneratedCodeCheck.UserSource("x.onnx"));

            FileOutcome outcome = GeneratedCodeCheck.Judge(
                fromDriver ? ImmutableArray<Diagnostic>.Empty : diagnostics, diagnostics, Array.Empty<SyntaxTree>(), project, referenceGpu: false);

            Assert.True(outcome.IsFinding);
            Assert.Equal(expected, outcome.Label);
        }

        [Fact]
        public void A_model_refused_with_a_diagnostic_is_counted_by_its_id()
        {
            var descriptor = new DiagnosticDescriptor("CVAD013", "broken", "the model breaks a rule of ONNX", "ConvAD", DiagnosticSeverity.Error, isEnabledByDefault: true);
            ImmutableArray<Diagnostic> diagnostics = ImmutableArray.Create(Diagnostic.Create(descriptor, Location.None));
            CSharpCompilation project = GeneratorHarness.Compile(GeneratedCodeCheck.UserSource("x.onnx"));

            FileOutcome outcome = GeneratedCodeCheck.Judge(diagnostics, diagnostics, Array.Empty<SyntaxTree>(), project, referenceGpu: false);

            Assert.False(outcome.IsFinding);
            Assert.Equal("CVAD013", outcome.Label);
        }

        /// <summary>The checker's verdict on <paramref name="source"/> as the generator's only output, with no generator diagnostics.</summary>
        private static FileOutcome JudgeGenerated(string source)
        {
            SyntaxTree generated = CSharpSyntaxTree.ParseText(source, GeneratorProject.ParseOptions, path: "App.M.ConvAD.g.cs");
            CSharpCompilation project = GeneratorHarness.Compile(GeneratedCodeCheck.UserSource("x.onnx"));
            return GeneratedCodeCheck.Judge(
                ImmutableArray<Diagnostic>.Empty, ImmutableArray<Diagnostic>.Empty, new[] { generated }, project.AddSyntaxTrees(generated), referenceGpu: false);
        }
    }
}
