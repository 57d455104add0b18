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

namespace ConvAD.Fuzz.GeneratorCompile
{
    /// <summary>
    /// What a user's project hands the generator, as the compiler would: parse options, the references (the framework,
    /// ConvAD.Runtime, ConvAD.Core, the attributes; ConvAD.Gpu and ILGPU on request), the project folder as the
    /// ProjectDir build property and the model files as additional files marked ConvAdModel (what the package's targets
    /// do). Shared by the compile fuzzer and ConvAD.Generator.Tests' harness, so both drive the generator the same way.
    /// </summary>
    internal static class GeneratorProject
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> AllReferences = new Lazy<ImmutableArray<MetadataReference>>(LoadReferences);

        public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

        public static CSharpCompilationOptions CompilationOptions { get; } =
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

        /// <summary>What a project without the GPU runtime references: the framework, ConvAD and the attributes.</summary>
        public static ImmutableArray<MetadataReference> References(bool referenceGpu) =>
            referenceGpu ? AllReferences.Value : AllReferences.Value.Where(r => !IsGpuRuntime(r.Display)).ToImmutableArray();

        /// <summary>What a project adds to its references when it takes up the GPU runtime.</summary>
        public static IEnumerable<MetadataReference> GpuReferences => AllReferences.Value.Where(r => IsGpuRuntime(r.Display));

        public static bool IsGpuRuntime(string? path)
        {
            string name = Path.GetFileName(path ?? "");
            return name.Equals("ConvAD.Gpu.dll", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ILGPU", StringComparison.OrdinalIgnoreCase);
        }

        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            // The running process's own platform and application assemblies: the framework, ConvAD.Runtime,
            // ConvAD.Core, the attributes, ImageSharp and ONNX Runtime; what a user's project references.
            // ConvAD.Gpu and ILGPU are among them, for the compilations that ask for the GPU runtime.
            string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            return tpa.Split(Path.PathSeparator)
                .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(p).StartsWith("ConvAD.Generator", StringComparison.Ordinal))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        }
    }

    /// <summary>
    /// A project file as an additional file. For an ONNX model the generator reads its path, never its text;
    /// a description or labels file is text the compiler reads (from the disk once, or as given).
    /// </summary>
    internal sealed class ProjectFileText : AdditionalText
    {
        private readonly Lazy<SourceText> _text;

        public ProjectFileText(string path)
            : this(path, null)
        {
        }

        public ProjectFileText(string path, string? text)
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

    /// <summary>The project folder and build properties as global options; every additional file marked ConvAdModel.</summary>
    internal sealed class ProjectOptions : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions ModelFileOptions = new DictionaryOptions(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.ConvAdModel"] = "true" });
        private static readonly DictionaryOptions NoOptions = new DictionaryOptions(new Dictionary<string, string>());
        private readonly DictionaryOptions _global;

        /// <param name="projectDirectory">The ProjectDir property (without the trailing separator).</param>
        /// <param name="properties">MSBuild properties the project makes visible to the compiler (name without the build_property. prefix).</param>
        public ProjectOptions(string projectDirectory, IReadOnlyDictionary<string, string> properties)
        {
            var global = properties.ToDictionary(p => "build_property." + p.Key, p => p.Value);
            global["build_property.ProjectDir"] = projectDirectory + System.IO.Path.DirectorySeparatorChar;
            _global = new DictionaryOptions(global);
        }

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => ModelFileOptions;

        private sealed class DictionaryOptions : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public DictionaryOptions(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
