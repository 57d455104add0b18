extern alias generator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConvAD.Fuzz.GeneratorCompile;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ConvAdGenerator = generator::ConvAD.Generator.ConvAdGenerator;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>
    /// Runs the generator as the compiler would: a compilation of the given source, the model files as
    /// additional files marked ConvAdModel (what the package's targets do), and the project folder as
    /// the ProjectDir build property; the project's parts are ConvAD.Fuzz's <see cref="GeneratorProject"/>,
    /// which the compile fuzzer drives the generator with too.
    /// </summary>
    internal sealed class GeneratorHarness
    {
        public GeneratorHarness(string projectDirectory, params string[] modelFiles)
        {
            ProjectDirectory = projectDirectory;
            ModelFiles = modelFiles.Select(f => (AdditionalText)new ProjectFileText(f)).ToList();
        }

        public string ProjectDirectory { get; }

        public List<AdditionalText> ModelFiles { get; }

        /// <summary>Whether compilations reference ConvAD's GPU runtime (ConvAD.Gpu and ILGPU), as a project using it does.</summary>
        public bool ReferenceGpu { get; init; }

        /// <summary>MSBuild properties the project makes visible to the compiler (name without the build_property. prefix).</summary>
        public IReadOnlyDictionary<string, string> BuildProperties { get; init; } = new Dictionary<string, string>();

        /// <summary>What a project without the GPU runtime references: the framework, ConvAD and the attributes.</summary>
        public static ImmutableArray<MetadataReference> ProjectReferences => GeneratorProject.References(referenceGpu: false);

        /// <summary>What a project adds to its references when it takes up the GPU runtime.</summary>
        public static IEnumerable<MetadataReference> GpuReferences => GeneratorProject.GpuReferences;

        /// <summary>A compilation of a project without the GPU runtime.</summary>
        public static CSharpCompilation Compile(params string[] sources) => Compile(false, sources);

        public static CSharpCompilation Compile(bool referenceGpu, params string[] sources) =>
            CSharpCompilation.Create(
                "ConvAdGeneratorTest",
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorProject.ParseOptions, path: $"/src/File{i}.cs")),
                GeneratorProject.References(referenceGpu),
                GeneratorProject.CompilationOptions);

        public GeneratorDriver CreateDriver() =>
            CSharpGeneratorDriver.Create(
                new[] { new ConvAdGenerator().AsSourceGenerator() },
                ModelFiles,
                GeneratorProject.ParseOptions,
                new ProjectOptions(ProjectDirectory, BuildProperties),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Runs the generator once on <paramref name="sources"/>.</summary>
        public GeneratorRun Run(params string[] sources)
        {
            CSharpCompilation compilation = Compile(ReferenceGpu, sources);
            GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return new GeneratorRun(driver.GetRunResult(), output, diagnostics);
        }
    }

    /// <summary>One generator run: what it produced and the compilation with its output added.</summary>
    internal sealed record GeneratorRun(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics)
    {
        public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

        public string SingleSource => Result.GeneratedTrees.Single().ToString();

        /// <summary>The generated model class (without the GPU forward pass).</summary>
        public string ModelSource => Result.GeneratedTrees.Single(t => !IsGpu(t)).ToString();

        /// <summary>The generated GPU forward pass, or null when none was generated.</summary>
        public string? GpuSource => Result.GeneratedTrees.SingleOrDefault(IsGpu)?.ToString();

        private static bool IsGpu(SyntaxTree tree) => tree.FilePath.EndsWith(".ConvAD.Gpu.g.cs", StringComparison.Ordinal);

        /// <summary>Errors and warnings of the compilation including the generated code.</summary>
        public IReadOnlyList<Diagnostic> CompilationProblems =>
            Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }
}
