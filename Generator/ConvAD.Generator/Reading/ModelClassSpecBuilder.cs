using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ConvAD.Description;
using ConvAD.Generator.Diagnostics;
using ConvAD.Generator.Model;
using ConvAD.Plan;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// Turns one [ConvAdModel] target into the spec of its model class, or the diagnostics that say why
    /// it cannot have one: resolves the files, reads the description, the graph and the labels, and
    /// checks that they agree.
    /// </summary>
    internal sealed class ModelClassSpecBuilder
    {
        private const string SidecarSuffix = ModelDescription.SidecarSuffix;
        private readonly ModelTarget _target;
        private readonly GeneratorSettings _settings;
        private readonly EquatableArray<ModelFile> _modelFiles;
        private readonly EquatableArray<TextFile> _textFiles;
        private readonly CompilerFiles _texts;
        private readonly GpuRuntime? _gpu;
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly FileNameSuggestions _suggestions;
        private ForwardSpec? _forward;

        private ModelClassSpecBuilder(ModelTarget target, GeneratorSettings settings, EquatableArray<ModelFile> modelFiles, EquatableArray<TextFile> textFiles, GpuRuntime? gpu)
        {
            _target = target;
            _settings = settings;
            _modelFiles = modelFiles;
            _textFiles = textFiles;
            _texts = new CompilerFiles(textFiles);
            _gpu = gpu;
            _suggestions = new FileNameSuggestions(BaseDirectory);
        }

        private ModelArguments Args => _target.Arguments;

        private string BaseDirectory => _settings.ProjectDirectory ?? _target.SourceDirectory;

        /// <param name="gpu">The GPU runtime the compilation references, if any: then the forward pass is read too, and emitted when the runtime can run it.</param>
        /// <param name="textFiles">The project's model descriptions and labels files, with their text.</param>
        public static GenerationResult Build(
            ModelTarget target, GeneratorSettings settings, EquatableArray<ModelFile> modelFiles, EquatableArray<TextFile> textFiles, GpuRuntime? gpu, CancellationToken cancellationToken)
        {
            var builder = new ModelClassSpecBuilder(target, settings, modelFiles, textFiles, gpu);
            ModelClassSpec? spec = builder.Build(cancellationToken);
            GpuForwardSpec? forward = spec != null && gpu != null ? builder.BuildGpuForward(spec, gpu) : null;
            return new GenerationResult(spec, builder._diagnostics.ToEquatableArray(), forward);
        }

        private GpuForwardSpec? BuildGpuForward(ModelClassSpec spec, GpuRuntime gpu)
        {
            try
            {
                GpuForwardSpec? forward = GpuForwardBuilder.Build(spec, _forward, gpu, out string? problem);
                if (problem != null)
                {
                    Report(DiagnosticDescriptors.NoGpuForward, spec.ModelFileName, problem);
                }

                return forward;
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                // A bug in the optional part must not cost the model class: CVAD010 as for any bug, class still generated.
                Report(DiagnosticDescriptors.GeneratorFailure, spec.ModelFileName, $"GPU forward pass: {e.GetType().Name}: {e.Message}");
                return null;
            }
        }

        private ModelClassSpec? Build(CancellationToken cancellationToken)
        {
            if (_target.Type.Keyword.StartsWith("record", StringComparison.Ordinal))
            {
                return ReportAt(_target.Locations.Class, DiagnosticDescriptors.RecordNotSupported, _target.Type.FullName, _target.Type.Keyword);
            }

            if (_target.AttributeCount > 1)
            {
                // Which model was meant is the user's choice: nothing is generated, and each extra attribute says so.
                foreach (LocationInfo extra in _target.ExtraAttributes)
                {
                    ReportAt(extra, DiagnosticDescriptors.DuplicateAttribute, _target.Type.FullName, _target.AttributeCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return null;
            }

            if (!_target.Type.IsPartial)
            {
                // CVAD005 comes from ModelClassAnalyzer, where the code fix that adds 'partial' can see it; reported here too, a build would show it twice.
                return null;
            }

            PlanOptions? options = ReadPlanOptions();
            if (options == null)
            {
                return null;
            }

            if (string.IsNullOrWhiteSpace(Args.Path))
            {
                return ReportAt(_target.Locations.Path, DiagnosticDescriptors.InvalidArgument, "path", Args.Path, "name the model's .onnx file or its .convad.json description");
            }

            if (!ModelFiles.IsModel(Args.Path) && !Args.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                // The ONNX model of the same name, if the project has one: model.pt → model.onnx, model.onnx.txt → model.onnx.
                string onnx = DidYouMean(Path.ChangeExtension(Args.Path, ".onnx"), _modelFiles.Select(f => f.Path));
                string stripped = onnx.Length > 0 ? onnx : DidYouMean(Path.ChangeExtension(Args.Path, null), _modelFiles.Select(f => f.Path));
                return ReportAt(_target.Locations.Path, DiagnosticDescriptors.NotOnnxFile, Args.Path, stripped);
            }

            string requested = ModelFiles.Normalize(Path.Combine(BaseDirectory, Args.Path));
            ModelDescription? description = null;
            string modelPath = requested;
            string modelArgument = Args.Path;
            if (requested.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                string sidecar = FindFile(_textFiles.Select(f => f.Path), requested, Args.Path) ?? requested;
                if (_texts.Find(sidecar) == null && !ModelFiles.Exists(sidecar))
                {
                    return ReportAt(_target.Locations.Path, DiagnosticDescriptors.ModelFileNotFound, Args.Path, _target.Type.FullName,
                        $"no such file (looked for {requested}){DidYouMean(Args.Path, _textFiles.Select(f => f.Path).Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))}");
                }

                description = ReadDescription(sidecar);
                if (description == null)
                {
                    return null;
                }

                modelPath = description.ModelPath;
                modelArgument = modelPath;
            }

            ModelFile? model = FindModelFile(modelPath, modelArgument);
            if (model == null)
            {
                return ReportAt(_target.Locations.Path, DiagnosticDescriptors.ModelFileNotFound, modelArgument, _target.Type.FullName, HowToInclude(modelPath, modelArgument));
            }

            string fileName = Path.GetFileName(model.Path);
            if (description == null)
            {
                string sidecar = Path.Combine(Path.GetDirectoryName(model.Path) ?? "", Path.GetFileNameWithoutExtension(model.Path) + SidecarSuffix);
                if (_texts.Find(sidecar) != null || ModelFiles.Exists(sidecar))
                {
                    description = ReadDescription(sidecar);
                    if (description == null)
                    {
                        return null;
                    }

                    if (!string.Equals(description.ModelPath, model.Path, StringComparison.Ordinal))
                    {
                        return Report(DiagnosticDescriptors.InvalidDescription, sidecar, $"it describes '{description.ModelPath}', not '{model.Path}' beside it");
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            options = options.WithInputSizeFallback(description?.InputSize);
            GraphReading reading = GraphCache.Get(model, options, _gpu != null, _settings.TimeBudgetSeconds, cancellationToken);
            if (reading.Graph == null)
            {
                return reading.Problem switch
                {
                    GraphProblemKind.InvalidOnnx => Report(DiagnosticDescriptors.InvalidOnnx, fileName, reading.Message),
                    GraphProblemKind.Unsupported => Report(DiagnosticDescriptors.UnsupportedOp, fileName, reading.Message),
                    GraphProblemKind.MissingInputSize => Report(DiagnosticDescriptors.InputSizeNeeded, fileName, reading.Message,
                        description?.SidecarPath is string sidecar ? Path.GetFileName(sidecar) : Path.GetFileNameWithoutExtension(fileName) + SidecarSuffix),
                    GraphProblemKind.InvalidModel => Report(DiagnosticDescriptors.InvalidModel, fileName, reading.Message),
                    GraphProblemKind.OverLimit => Report(DiagnosticDescriptors.ModelOverLimit, fileName, reading.Message),
                    GraphProblemKind.OverTimeBudget => Report(DiagnosticDescriptors.OverTimeBudget, fileName, reading.Message),
                    _ => Report(DiagnosticDescriptors.NotImageClassifier, fileName, reading.Message),
                };
            }

            GraphSpec graph = reading.Graph;
            _forward = reading.Forward;
            // Without a description the defaults come from the model where it can say (1 channel is grey), as at run time.
            ModelDescription? assumed = description == null ? ModelDescription.Default(model.Path, graph.Channels) : null;
            if (assumed != null)
            {
                // Only worth saying about a model that is otherwise usable.
                Report(DiagnosticDescriptors.DefaultPreprocessing, fileName, Path.GetFileNameWithoutExtension(fileName) + SidecarSuffix, assumed.Assumed!);
            }

            PreprocessingSpec preprocessing = PreprocessingSpec.From((description ?? assumed)!.Preprocessing, isDefault: description == null);
            string? mismatch = description?.FindModelMismatch(graph.Channels, -1, graph.Height, graph.Width);
            if (mismatch != null)
            {
                return Report(DiagnosticDescriptors.InvalidDescription, description!.SidecarPath!, mismatch);
            }

            EquatableArray<string> labels = (description?.Labels ?? Array.Empty<string>()).ToEquatableArray();
            string labelsSource = description?.LabelsPath ?? description?.SidecarPath ?? "";
            if (Args.Labels != null && !ReadLabelsArgument(out labels, out labelsSource))
            {
                return null;
            }

            if (labels.Count > 0 && labels.Count != graph.ClassCount)
            {
                return ReportAt(Args.Labels != null ? _target.Locations.Labels : _target.Locations.Path, DiagnosticDescriptors.LabelCountMismatch, labels.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    labelsSource, fileName, graph.ClassCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return new ModelClassSpec(
                _target.Type,
                fileName,
                description?.Name ?? Path.GetFileNameWithoutExtension(fileName),
                description == null ? null : Path.GetFileName(description.SidecarPath),
                description?.Output ?? OutputKind.Logits,
                preprocessing,
                labels,
                graph);
        }

        private PlanOptions? ReadPlanOptions()
        {
            var options = new PlanOptions();
            if (Args.Threshold != null)
            {
                if (!PropagationThreshold.TryParse(Args.Threshold, out PropagationThreshold threshold))
                {
                    ReportAt(_target.Locations.Threshold, DiagnosticDescriptors.InvalidArgument, "Threshold", Args.Threshold, "use \"any\", \"all\" or a number in (0, 1]");
                    return null;
                }

                options = options with { Threshold = threshold };
            }

            if (Args.Combination != null)
            {
                switch (Args.Combination.Trim().ToLowerInvariant())
                {
                    case "intersection":
                        options = options with { Combination = MaskCombination.Intersection };
                        break;
                    case "union":
                        options = options with { Combination = MaskCombination.Union };
                        break;
                    default:
                        ReportAt(_target.Locations.Combination, DiagnosticDescriptors.InvalidArgument, "Combination", Args.Combination, "use \"intersection\" or \"union\"");
                        return null;
                }
            }

            return options;
        }

        private ModelDescription? ReadDescription(string sidecar)
        {
            try
            {
                string text = _texts.Read(sidecar) ?? throw new FileNotFoundException("no such file", sidecar);
                return SidecarReader.Read(text, Path.GetDirectoryName(sidecar) ?? "", sidecar, sidecar, _texts);
            }
            catch (ModelDescriptionException e)
            {
                // The diagnostic names the sidecar itself; the problem may be in a labels file it names.
                Report(DiagnosticDescriptors.InvalidDescription, sidecar, e.FilePath == sidecar ? e.Problem : e.Message);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Report(DiagnosticDescriptors.InvalidDescription, sidecar, "cannot read the file: " + e.Message);
            }

            return null;
        }

        private bool ReadLabelsArgument(out EquatableArray<string> labels, out string source)
        {
            source = ModelFiles.Normalize(Path.Combine(BaseDirectory, Args.Labels!));
            labels = EquatableArray<string>.Empty;
            if (_texts.Find(source) == null && !ModelFiles.Exists(source))
            {
                ReportAt(_target.Locations.Labels, DiagnosticDescriptors.InvalidArgument, "Labels", Args.Labels!, $"no such file (looked for {source})");
                return false;
            }

            try
            {
                string text = _texts.Read(source) ?? throw new FileNotFoundException("no such file", source);
                labels = LabelsFile.Parse(text, source).ToEquatableArray();
                return true;
            }
            catch (ModelDescriptionException e)
            {
                ReportAt(_target.Locations.Labels, DiagnosticDescriptors.InvalidArgument, "Labels", Args.Labels!, e.Message);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ReportAt(_target.Locations.Labels, DiagnosticDescriptors.InvalidArgument, "Labels", Args.Labels!, $"labels file '{source}' cannot be read: {e.Message}");
            }

            return false;
        }

        /// <summary>
        /// The model file of the project at <paramref name="fullPath"/>, or else the only one whose path ends
        /// with what the attribute says (so a file linked from outside the project can be named by its name).
        /// </summary>
        private ModelFile? FindModelFile(string fullPath, string asWritten)
        {
            string? path = FindFile(_modelFiles.Select(f => f.Path), fullPath, asWritten);
            return path == null ? null : _modelFiles.First(f => f.Path == path);
        }

        private static string? FindFile(IEnumerable<string> paths, string fullPath, string asWritten)
        {
            List<string> all = paths.ToList();
            string? exact = all.FirstOrDefault(p => string.Equals(p, fullPath, StringComparison.Ordinal))
                ?? all.FirstOrDefault(p => string.Equals(p, fullPath, StringComparison.OrdinalIgnoreCase));
            if (exact != null || Path.IsPathRooted(asWritten))
            {
                return exact;
            }

            string suffix = "/" + asWritten.Replace('\\', '/').TrimStart('.', '/');
            var matches = all.Where(p => p.Replace('\\', '/').EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).ToList();
            return matches.Count == 1 ? matches[0] : null;
        }

        private string HowToInclude(string fullPath, string asWritten)
        {
            string relative = MakeRelative(fullPath);
            return ModelFiles.Exists(fullPath)
                ? $"the file exists but is not included; add <ConvAdModel Include=\"{relative}\" /> to the project (files under the project folder are included automatically unless ConvAdIncludeModels is false)"
                : $"no such file (looked for {fullPath}){DidYouMean(asWritten, _modelFiles.Select(f => f.Path))}; ensure it exists and is included as <ConvAdModel Include=\"{relative}\" /> (files under the project folder are included automatically)";
        }

        /// <summary>"; did you mean 'x'?" naming the project file closest to a misspelt path, or nothing when none is close.</summary>
        private string DidYouMean(string asWritten, IEnumerable<string> candidates)
        {
            string? closest = _suggestions.Suggest(asWritten, candidates);
            return closest == null ? "" : $"; did you mean '{closest}'?";
        }

        private string MakeRelative(string fullPath)
        {
            string baseDirectory = BaseDirectory.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
            return fullPath.StartsWith(baseDirectory, StringComparison.Ordinal) ? fullPath.Substring(baseDirectory.Length) : fullPath;
        }

        /// <summary>Reports a diagnostic about the model the path names: at the path argument.</summary>
        private ModelClassSpec? Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] arguments) =>
            ReportAt(_target.Locations.Path, descriptor, arguments);

        private ModelClassSpec? ReportAt(LocationInfo? location, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] arguments)
        {
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
            return null;
        }
    }
}
