using System;
using System.Linq;
using System.Threading;
using ConvAD.Generator.Diagnostics;
using ConvAD.Generator.Emit;
using ConvAD.Generator.Model;
using ConvAD.Generator.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConvAD.Generator
{
    /// <summary>
    /// Generates a ConvAD model class for every class annotated with <c>[ConvAdModel("model.onnx")]</c>.
    /// <para>
    /// Pipeline: the annotated classes (ForAttributeWithMetadataName) are combined with the project's
    /// model files (additional files marked <c>ConvAdModel</c> by the package's build targets: ONNX files
    /// stamped with size and last-write time, descriptions and labels files with their text) and the
    /// project folder; each combination becomes a
    /// <see cref="GenerationResult"/>. Source output is fed only by the equatable spec, diagnostics by a
    /// second output, so editing or moving code never regenerates the model class, and only a changed
    /// model file makes the generator read a graph again.
    /// </para>
    /// <para>
    /// When the compilation references ConvAD's GPU runtime (the type <c>ConvAD.Gpu.GpuLayers</c>), the names of
    /// its public layer methods join the combination: the graph is then also read as layer calls, and a third
    /// output writes the forward pass (<c>ForwardLayers</c>, <c>LoadGpu</c>) in a file of its own, or CVAD011
    /// says why not. Without the runtime nothing of this runs and the output is what it always was.
    /// </para>
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ConvAdGenerator : IIncrementalGenerator
    {
        public const string AttributeMetadataName = "ConvAD.ConvAdModelAttribute";

        /// <summary>The additional-file metadata the build targets set on model files.</summary>
        public const string ModelFileMetadata = "build_metadata.AdditionalFiles.ConvAdModel";

        public const string ProjectDirectoryProperty = "build_property.ProjectDir";

        /// <summary>The MSBuild property ConvAdModelTimeBudget (build/ConvAD.props): seconds to read and plan one model.</summary>
        public const string TimeBudgetProperty = "build_property.ConvAdModelTimeBudget";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ModelTarget> targets = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    AttributeMetadataName,
                    // Records too, to refuse them clearly (CVAD015) rather than leave them without their members.
                    static (node, _) => node is ClassDeclarationSyntax || node is RecordDeclarationSyntax,
                    static (syntax, cancellationToken) => TargetReader.Read(syntax, cancellationToken))
                .Where(static target => target != null)
                .Select(static (target, _) => target!)
                .WithTrackingName(TrackingNames.Targets);

            IncrementalValueProvider<GeneratorSettings> settings = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => new GeneratorSettings(
                    options.GlobalOptions.TryGetValue(ProjectDirectoryProperty, out string? directory) && !string.IsNullOrWhiteSpace(directory) ? directory : null,
                    GeneratorSettings.ParseTimeBudget(options.GlobalOptions.TryGetValue(TimeBudgetProperty, out string? budget) ? budget : null)))
                .WithTrackingName(TrackingNames.Settings);

            IncrementalValueProvider<EquatableArray<ModelFile>> modelFiles = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Where(static pair => ModelFiles.IsModel(pair.Left.Path) && IsModelFile(pair.Right.GetOptions(pair.Left)))
                .Select(static (pair, _) => ModelFiles.Stamp(pair.Left.Path))
                .Collect()
                .Select(static (files, _) => files.OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray())
                .WithTrackingName(TrackingNames.ModelFiles);

            // Descriptions and labels files: text, which the compiler reads for the generator, so editing one is a new input.
            IncrementalValueProvider<EquatableArray<TextFile>> textFiles = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Where(static pair => !ModelFiles.IsModel(pair.Left.Path) && IsModelFile(pair.Right.GetOptions(pair.Left)))
                .Select(static (pair, cancellationToken) => new TextFile(ModelFiles.Normalize(pair.Left.Path), pair.Left.GetText(cancellationToken)?.ToString()))
                .Collect()
                .Select(static (files, _) => files.OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray())
                .WithTrackingName(TrackingNames.TextFiles);

            // The GPU runtime, if the compilation references it: names of GpuLayers methods, compared by value, so
            // a new compilation (every edit) costs a few symbol lookups and changes nothing downstream.
            IncrementalValueProvider<GpuRuntime?> gpuRuntime = context.CompilationProvider
                .Select(static (compilation, cancellationToken) => GpuRuntimeReader.Read(compilation, cancellationToken))
                .WithTrackingName(TrackingNames.GpuRuntime);

            IncrementalValuesProvider<GenerationResult> results = targets
                .Combine(settings)
                .Combine(modelFiles)
                .Combine(textFiles)
                .Combine(gpuRuntime)
                .Select(static (input, cancellationToken) => Generate(
                    input.Left.Left.Left.Left, input.Left.Left.Left.Right, input.Left.Left.Right, input.Left.Right, input.Right, cancellationToken))
                .WithTrackingName(TrackingNames.Results);

            context.RegisterSourceOutput(
                results.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.Diagnostics),
                static (production, diagnostics) =>
                {
                    foreach (DiagnosticInfo diagnostic in diagnostics)
                    {
                        production.ReportDiagnostic(diagnostic.ToDiagnostic());
                    }
                });

            context.RegisterSourceOutput(
                results.Where(static result => result.Spec != null).Select(static (result, _) => result.Spec!).WithTrackingName(TrackingNames.Specs),
                static (production, spec) => production.AddSource(ModelClassEmitter.HintName(spec), ModelClassEmitter.Emit(spec)));

            context.RegisterSourceOutput(
                results.Where(static result => result.Gpu != null).Select(static (result, _) => result.Gpu!).WithTrackingName(TrackingNames.GpuSpecs),
                static (production, spec) => production.AddSource(GpuForwardEmitter.HintName(spec), GpuForwardEmitter.Emit(spec)));
        }

        private static bool IsModelFile(AnalyzerConfigOptions options) =>
            options.TryGetValue(ModelFileMetadata, out string? value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

        // The generator must never throw into the compiler (that is CS8785 and no output at all): anything
        // unexpected becomes CVAD010 on the attribute.
        private static GenerationResult Generate(
            ModelTarget target, GeneratorSettings settings, EquatableArray<ModelFile> modelFiles, EquatableArray<TextFile> textFiles, GpuRuntime? gpu, CancellationToken cancellationToken)
        {
            try
            {
                return ModelClassSpecBuilder.Build(target, settings, modelFiles, textFiles, gpu, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                var failure = DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, target.Location, target.Arguments.Path, $"{e.GetType().Name}: {e.Message}");
                return new GenerationResult(null, new[] { failure }.ToEquatableArray());
            }
        }
    }
}
