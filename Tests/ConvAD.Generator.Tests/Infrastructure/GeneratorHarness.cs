extern alias generator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ConvAdGenerator = generator::ConvAD.Generator.ConvAdGenerator;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>
    /// Runs the generator as the compiler would: a compilation of the given source, the model files as
    /// additional files marked ConvAdModel (what the package's targets do), and the project folder as
    /// the ProjectDir build property.
    /// </summary>
    internal sealed class GeneratorHarness
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> AllReferences = new Lazy<ImmutableArray<MetadataReference>>(LoadReferences);
        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new Lazy<ImmutableArray<MetadataReference>>(() =>
            AllReferences.Value.Where(r => !IsGpuRuntime(r.Display)).ToImmutableArray());
        private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

        public GeneratorHarness(string projectDirectory, params string[] modelFiles)
        {
            ProjectDirectory = projectDirectory;
            ModelFiles = modelFiles.Select(f => (AdditionalText)new FileText(f)).ToList();
        }

        public string ProjectDirectory { get; }

        public List<AdditionalText> ModelFiles { get; }

        /// <summary>Whether compilations reference ConvAD's GPU runtime (ConvAD.Gpu and ILGPU), as a project using it does.</summary>
        public bool ReferenceGpu { get; init; }

        /// <summary>MSBuild properties the project makes visible to the compiler (name without the build_property. prefix).</summary>
        public IReadOnlyDictionary<string, string> BuildProperties { get; init; } = new Dictionary<string, string>();

        /// <summary>What a project without the GPU runtime references: the framework, ConvAD and the attributes.</summary>
        public static ImmutableArray<MetadataReference> ProjectReferences => References.Value;

        /// <summary>What a project adds to its references when it takes up the GPU runtime.</summary>
        public static IEnumerable<MetadataReference> GpuReferences => AllReferences.Value.Where(r => IsGpuRuntime(r.Display));

        /// <summary>A compilation of a project without the GPU runtime.</summary>
        public static CSharpCompilation Compile(params string[] sources) => Compile(false, sources);

        public static CSharpCompilation Compile(bool referenceGpu, params string[] sources) =>
            CSharpCompilation.Create(
                "ConvAdGeneratorTest",
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/File{i}.cs")),
                referenceGpu ? AllReferences.Value : References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        public GeneratorDriver CreateDriver() =>
            CSharpGeneratorDriver.Create(
                new[] { new ConvAdGenerator().AsSourceGenerator() },
                ModelFiles,
                ParseOptions,
                new Options(ProjectDirectory, BuildProperties),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Runs the generator once on <paramref name="sources"/>.</summary>
        public GeneratorRun Run(params string[] sources)
        {
            CSharpCompilation compilation = Compile(ReferenceGpu, sources);
            GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return new GeneratorRun(driver.GetRunResult(), output, diagnostics);
        }

        private static bool IsGpuRuntime(string? path)
        {
            string name = System.IO.Path.GetFileName(path ?? "");
            return name.Equals("ConvAD.Gpu.dll", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ILGPU", StringComparison.OrdinalIgnoreCase);
        }

        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            // The test process's own platform and application assemblies: the framework, ConvAD.Runtime,
            // ConvAD.Core, the attributes, ImageSharp and ONNX Runtime; what a user's project references.
            // ConvAD.Gpu and ILGPU are among them, for the compilations that ask for the GPU runtime.
            string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            return tpa.Split(Path.PathSeparator)
                .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(p).StartsWith("ConvAD.Generator", StringComparison.Ordinal))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        }

        /// <summary>
        /// A project file as an additional file. For an ONNX model the generator reads its path, never its text;
        /// a description or labels file is text the compiler reads (from the disk once, or as given).
        /// </summary>
        internal sealed class FileText : AdditionalText
        {
            private readonly Lazy<SourceText> _text;

            public FileText(string path)
                : this(path, null)
            {
            }

            public FileText(string path, string? text)
            {
                Path = path;
                _text = new Lazy<SourceText>(() => SourceText.From(text ?? File.ReadAllText(path)));
            }

            public override string Path { get; }

            public override SourceText? GetText(CancellationToken cancellationToken = default) =>
                Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
                    ? throw new InvalidOperationException("the generator must not read a model file as text: " + Path)
                    : _text.Value;
        }

        private sealed class Options : AnalyzerConfigOptionsProvider
        {
            private readonly DictionaryOptions _global;
            private static readonly DictionaryOptions ModelFileOptions = new DictionaryOptions(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.ConvAdModel"] = "true" });
            private static readonly DictionaryOptions NoOptions = new DictionaryOptions(new Dictionary<string, string>());

            public Options(string projectDirectory, IReadOnlyDictionary<string, string> properties)
            {
                var global = properties.ToDictionary(p => "build_property." + p.Key, p => p.Value);
                global["build_property.ProjectDir"] = projectDirectory + System.IO.Path.DirectorySeparatorChar;
                _global = new DictionaryOptions(global);
            }

            public override AnalyzerConfigOptions GlobalOptions => _global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => ModelFileOptions;
        }

        private sealed class DictionaryOptions : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public DictionaryOptions(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
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
