extern alias generator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ConvAdGenerator = generator::ConvAD.Generator.ConvAdGenerator;

namespace ConvAD.Fuzz.GeneratorCompile
{
    /// <summary>
    /// One model file through the real source generator and the C# compiler: a project whose only code is
    /// <c>[ConvAdModel("NAME")] public partial class M { }</c>, the model as its additional file, run through
    /// <see cref="CSharpGeneratorDriver"/>; whatever the generator emits is compiled with the project's references.
    /// The generator's contract for any file is a generated class that compiles, or a CVAD diagnostic that says why not.
    /// The two reference sets (with and without the GPU runtime) are bound once and reused, so a file costs its own work.
    /// </summary>
    internal sealed class GeneratedCodeCheck
    {
        /// <summary>Diagnostics a model's contents can cause; any other CVAD ID here means the generator misjudged its input.</summary>
        private static readonly HashSet<string> ModelDiagnostics = new HashSet<string>(StringComparer.Ordinal)
        {
            "CVAD002", "CVAD003", "CVAD004", "CVAD009", "CVAD011", "CVAD012", "CVAD013", "CVAD014", "CVAD017", "CVAD018",
        };

        private readonly CSharpCompilation _withoutGpu;
        private readonly CSharpCompilation _withGpu;

        public GeneratedCodeCheck(string projectDirectory)
        {
            ProjectDirectory = projectDirectory;
            _withoutGpu = Warm(CSharpCompilation.Create("FuzzedProject", null, GeneratorProject.References(false), GeneratorProject.CompilationOptions));
            _withGpu = Warm(CSharpCompilation.Create("FuzzedProject", null, GeneratorProject.References(true), GeneratorProject.CompilationOptions));
        }

        /// <summary>The project folder: model files named to <see cref="Run"/> lie in it.</summary>
        public string ProjectDirectory { get; }

        /// <summary>The user's code: the one class the attribute marks.</summary>
        public static string UserSource(string modelFileName) =>
            $"using ConvAD;\n\nnamespace App\n{{\n    [ConvAdModel(\"{modelFileName}\")]\n    public partial class M {{ }}\n}}\n";

        /// <summary>The generator on <paramref name="modelFileName"/> (a file in the project folder), then the compiler on its output.</summary>
        public FileOutcome Run(string modelFileName, bool referenceGpu, CancellationToken cancellationToken)
        {
            CSharpCompilation project = (referenceGpu ? _withGpu : _withoutGpu)
                .AddSyntaxTrees(CSharpSyntaxTree.ParseText(UserSource(modelFileName), GeneratorProject.ParseOptions, path: "/src/M.cs", cancellationToken: cancellationToken));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new ConvAdGenerator().AsSourceGenerator() },
                new AdditionalText[] { new ProjectFileText(Path.Combine(ProjectDirectory, modelFileName)) },
                GeneratorProject.ParseOptions,
                new ProjectOptions(ProjectDirectory, new Dictionary<string, string>()));
            try
            {
                driver = driver.RunGeneratorsAndUpdateCompilation(project, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics, cancellationToken);
                GeneratorDriverRunResult result = driver.GetRunResult();
                return Judge(result.Diagnostics, driverDiagnostics, result.GeneratedTrees, output, referenceGpu, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                return FileOutcome.Found("driver exception", $"{e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
            }
        }

        /// <summary>
        /// The verdict on one generator run: <paramref name="output"/> is the project with the
        /// <paramref name="generated"/> trees added. A finding is CVAD010 (an exception the generator caught), a driver
        /// diagnostic (CS8785: one it did not), a diagnostic no model causes, an error beside generated code, a class
        /// without its GPU forward pass and no CVAD011, or generated code the compiler refuses.
        /// </summary>
        public static FileOutcome Judge(
            ImmutableArray<Diagnostic> generatorDiagnostics,
            ImmutableArray<Diagnostic> driverDiagnostics,
            IReadOnlyList<SyntaxTree> generated,
            Compilation output,
            bool referenceGpu,
            CancellationToken cancellationToken = default)
        {
            // The driver's list repeats what the generator reported; what else it holds is the driver's own (CS8785:
            // the generator threw).
            Diagnostic? driverProblem = driverDiagnostics.FirstOrDefault(d => d.Severity >= DiagnosticSeverity.Warning && !generatorDiagnostics.Contains(d));
            if (driverProblem != null)
            {
                return FileOutcome.Found("generator exception (" + driverProblem.Id + ")", driverProblem.ToString());
            }

            Diagnostic? failure = generatorDiagnostics.FirstOrDefault(d => d.Id == "CVAD010");
            if (failure != null)
            {
                return FileOutcome.Found("CVAD010", failure.ToString());
            }

            Diagnostic? unexpected = generatorDiagnostics.FirstOrDefault(d => !ModelDiagnostics.Contains(d.Id) || (d.Id == "CVAD011" && !referenceGpu));
            if (unexpected != null)
            {
                return FileOutcome.Found("unexpected diagnostic " + unexpected.Id, unexpected.ToString());
            }

            Diagnostic? error = generatorDiagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            if (error != null)
            {
                return generated.Count == 0
                    ? FileOutcome.Diagnostic(error.Id, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                    : FileOutcome.Found("error diagnostic beside generated code", error.ToString());
            }

            if (generated.Count == 0)
            {
                return FileOutcome.Found("no output", "neither generated code nor an error diagnostic");
            }

            if (referenceGpu && generated.Count == 1 && !generatorDiagnostics.Any(d => d.Id == "CVAD011"))
            {
                return FileOutcome.Found("no GPU forward pass", "a model class without its GPU forward pass, and no CVAD011 to say why");
            }

            // Still a valid model: the code generated from it must compile in the user's project.
            List<Diagnostic> errors = output.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                return FileOutcome.Found("non-compiling output (" + errors[0].Id + ")", string.Join("\n", errors.Take(20).Select(Describe)));
            }

            return FileOutcome.Compiled(generated.Count);
        }

        private static string Describe(Diagnostic diagnostic)
        {
            // The offending line too: generated files are not on disk, so the location alone would not show it.
            string line = diagnostic.Location.IsInSource
                ? diagnostic.Location.SourceTree!.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()
                : "";
            return diagnostic + (line.Length > 0 ? "\n    " + line : "");
        }

        private static CSharpCompilation Warm(CSharpCompilation compilation)
        {
            // Binds the references once (the symbols of the framework and ConvAD); compilations made from this one by
            // adding a tree share them.
            _ = compilation.GetTypeByMetadataName("ConvAD.ConvAdModelAttribute")
                ?? throw new InvalidOperationException("the project's references lack ConvAD.Attributes");
            return compilation;
        }
    }

    /// <summary>How one file ended: a generated class that compiled, a CVAD error diagnostic, or a finding.</summary>
    /// <param name="Label">"generated+compiled", the diagnostic's ID, or the finding's kind.</param>
    /// <param name="Detail">What the generator or the compiler said: for a finding, everything; for a diagnostic, its message.</param>
    /// <param name="GeneratedFiles">Files the generator emitted (2 when the GPU forward pass was among them).</param>
    internal sealed record FileOutcome(string Label, bool IsFinding, string? Detail, int GeneratedFiles)
    {
        public const string CompiledLabel = "generated+compiled";

        public static FileOutcome Compiled(int generatedFiles) => new FileOutcome(CompiledLabel, false, null, generatedFiles);

        public static FileOutcome Diagnostic(string id, string message) => new FileOutcome(id, false, message, 0);

        public static FileOutcome Found(string kind, string detail) => new FileOutcome(kind, true, detail, 0);
    }
}
