using System;
using System.Collections.Generic;
using System.IO;
using ConvAD.IO;
using ConvAD.Plan;

namespace ConvAD.Description
{
    /// <summary>
    /// What a model is and how to feed it, read from the <c>*.convad.json</c> sidecar beside the ONNX file
    /// (schema: docs/model-description.md). Tensor layout, input size and channel count are not described here:
    /// they come from the graph, and <see cref="Validate(int, long)"/> checks the two agree; only a height and width the
    /// graph leaves symbolic are stated here (<see cref="InputSize"/>).
    /// </summary>
    public sealed class ModelDescription
    {
        /// <summary>The sidecar's file-name suffix: <c>resnet20.onnx</c> is described by <c>resnet20.convad.json</c>.</summary>
        public const string SidecarSuffix = ".convad.json";

        internal const string DefaultTask = "classification";

        internal ModelDescription(
            string? sidecarPath,
            string modelPath,
            string name,
            string task,
            Preprocessing preprocessing,
            OutputKind output,
            IReadOnlyList<string>? labels,
            string? source,
            string? license,
            bool isDefault = false,
            string? labelsPath = null,
            InputSize? inputSize = null)
        {
            InputSize = inputSize;
            LabelsPath = labelsPath;
            IsDefault = isDefault;
            SidecarPath = sidecarPath;
            ModelPath = modelPath;
            Name = name;
            Task = task;
            Preprocessing = preprocessing;
            Output = output;
            Labels = labels;
            Source = source;
            License = license;
        }

        /// <summary>The sidecar this was read from; null for an inline <see cref="Parse"/> or a <see cref="Default(string)"/>.</summary>
        public string? SidecarPath { get; }

        /// <summary>True when no sidecar was found and the guessed <see cref="Default(string)"/> is in use; callers should say so.</summary>
        public bool IsDefault { get; }

        /// <summary>Absolute path of the ONNX model, resolved against the sidecar's folder.</summary>
        public string ModelPath { get; }

        /// <summary>A human-readable name (the model file's name when the sidecar gives none).</summary>
        public string Name { get; }

        /// <summary>Always "classification" today; kept so other tasks can be refused clearly later.</summary>
        public string Task { get; }

        /// <summary>How 8-bit pixels become the model's input values (sidecar <c>preprocessing</c>; <see cref="Description.Preprocessing.Default"/> without one).</summary>
        public Preprocessing Preprocessing { get; }

        /// <summary>
        /// <c>input.size</c>: the height and width to run a model whose input's height or width is symbolic; null when the
        /// sidecar states none (a model with a fixed size needs none). A size given by the caller (<c>--input-size</c>) wins.
        /// </summary>
        public InputSize? InputSize { get; }

        /// <summary><c>output.kind</c>: whether the first output holds logits (confidences are their softmax) or probabilities already.</summary>
        public OutputKind Output { get; }

        /// <summary>Class names by output index, or null when the sidecar names none.</summary>
        public IReadOnlyList<string>? Labels { get; }

        /// <summary>Where the model comes from (sidecar <c>source</c>, free text shown to users); null when the sidecar gives none.</summary>
        public string? Source { get; }

        /// <summary>The labels file the labels were read from; null for inline labels or none.</summary>
        internal string? LabelsPath { get; }

        /// <summary>The model's licence (sidecar <c>license</c>, free text shown to users); null when the sidecar gives none.</summary>
        public string? License { get; }

        /// <summary>The sidecar path for a model: <c>dir/x.onnx</c> → <c>dir/x.convad.json</c>.</summary>
        public static string SidecarPathFor(string onnxPath)
        {
            Require(onnxPath, nameof(onnxPath));
            return Path.ChangeExtension(onnxPath, null) + SidecarSuffix;
        }

        /// <summary>The largest sidecar read: a description is a few hundred bytes, inline labels a few tens of kilobytes.</summary>
        public const long MaxSidecarBytes = 4 << 20;

        /// <summary>
        /// Reads and checks a sidecar file; the model and labels files it names must exist, in the sidecar's folder or below
        /// unless <paramref name="allowPathsOutsideFolder"/>.
        /// </summary>
        /// <exception cref="ModelDescriptionException">The file is missing, unreadable, or describes something invalid.</exception>
        public static ModelDescription Load(string sidecarPath, bool allowPathsOutsideFolder = false)
        {
            Require(sidecarPath, nameof(sidecarPath));
            string fullPath = Path.GetFullPath(sidecarPath);
            if (!File.Exists(fullPath))
            {
                throw new ModelDescriptionException(fullPath, "model description file not found");
            }

            string json;
            try
            {
                json = Utf8Text.Decode(BoundedFile.ReadAllBytes(fullPath, MaxSidecarBytes, "model description file"), fullPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ModelDescriptionException(fullPath, $"cannot read the file: {ex.Message}", ex);
            }

            string directory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
            return SidecarReader.Read(json, directory, fullPath, fullPath, SidecarFiles.Disk, allowPathsOutsideFolder);
        }

        /// <summary>Parses sidecar JSON whose relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
        /// <param name="json">The sidecar's text.</param>
        /// <param name="baseDirectory">The folder the sidecar's relative paths (model, labels) are resolved against.</param>
        /// <param name="sourceName">What error messages call the JSON (a file name); defaults to "inline model description".</param>
        /// <param name="allowPathsOutsideFolder">Let the model and labels paths leave <paramref name="baseDirectory"/>.</param>
        public static ModelDescription Parse(string json, string baseDirectory, string? sourceName = null, bool allowPathsOutsideFolder = false)
        {
            if (json == null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            Require(baseDirectory, nameof(baseDirectory));
            return SidecarReader.Read(json, Path.GetFullPath(baseDirectory), sourceName ?? "inline model description", null, SidecarFiles.Disk,
                allowPathsOutsideFolder);
        }

        /// <summary>
        /// The guess for a model without a sidecar: RGB, pixels in [0, 1], no mean/std, stretch resize, logits, no labels.
        /// It is often wrong (ImageNet models need mean/std), so callers must tell the user it is in use (see <see cref="IsDefault"/>).
        /// </summary>
        public static ModelDescription Default(string onnxPath) => Default(onnxPath, 3);

        /// <summary>
        /// The guess for a model without a sidecar, with the colour order taken from the model's input: 1 channel is Gray,
        /// any other count RGB; otherwise as <see cref="Default(string)"/>. <see cref="Assumed"/> says what was guessed.
        /// </summary>
        public static ModelDescription Default(string onnxPath, int channels)
        {
            Require(onnxPath, nameof(onnxPath));
            string fullPath = Path.GetFullPath(onnxPath);
            Preprocessing preprocessing = channels == 1 ? new Preprocessing(ColorOrder.Gray, 0, 1) : Preprocessing.Default;
            return new ModelDescription(
                null, fullPath, Path.GetFileNameWithoutExtension(fullPath), DefaultTask, preprocessing, OutputKind.Logits, null, null, null, isDefault: true);
        }

        /// <summary>
        /// For a <see cref="Default(string, int)"/> description, the values that were guessed, in words, e.g.
        /// "Gray (the model's input has 1 channel), pixels in [0, 1], no mean/std, stretch resize, logits, no labels"; null otherwise.
        /// </summary>
        public string? Assumed
        {
            get
            {
                if (!IsDefault)
                {
                    return null;
                }

                string colour = Preprocessing.ColorOrder == ColorOrder.Gray ? "Gray (the model's input has 1 channel)" : "RGB";
                return $"{colour}, pixels in [0, 1], no mean/std, stretch resize, logits, no labels";
            }
        }

        /// <summary>
        /// The description for an ONNX file: its sidecar when there is one (which must name this model), else <see cref="Default(string)"/>.
        /// </summary>
        public static ModelDescription LoadFor(string onnxPath, bool allowPathsOutsideFolder = false)
        {
            Require(onnxPath, nameof(onnxPath));
            string sidecar = SidecarPathFor(Path.GetFullPath(onnxPath));
            if (!File.Exists(sidecar))
            {
                return Default(onnxPath);
            }

            ModelDescription description = Load(sidecar, allowPathsOutsideFolder);
            string expected = Path.GetFullPath(onnxPath);
            if (!string.Equals(description.ModelPath, expected, StringComparison.Ordinal))
            {
                // A sidecar beside x.onnx that describes y.onnx would silently apply y's preprocessing to x.
                throw new ModelDescriptionException(
                    sidecar, $"describes model '{Path.GetFileName(description.ModelPath)}', not '{Path.GetFileName(expected)}'");
            }

            return description;
        }

        /// <summary>Checks the description against the model's graph.</summary>
        /// <param name="channels">The image input's channel count.</param>
        /// <param name="classCount">The class output's length; 0 or less when unknown (dynamic), which skips the labels check.</param>
        /// <exception cref="ModelDescriptionException">The description and the graph disagree.</exception>
        public void Validate(int channels, long classCount) => Validate(channels, classCount, 0, 0);

        /// <summary>Also checks that a short-side resize leaves enough pixels for a <paramref name="height"/>×<paramref name="width"/> crop.</summary>
        public void Validate(int channels, long classCount, int height, int width)
        {
            string? problem = FindModelMismatch(channels, classCount, height, width);
            if (problem != null)
            {
                throw new ModelDescriptionException(SidecarPath ?? ModelPath, problem);
            }
        }

        /// <summary>
        /// What <see cref="Validate(int, long, int, int)"/> would say, or null; the source generator reports it as a
        /// diagnostic. A <paramref name="classCount"/> of 0 or less skips the labels check, a size of 0 the crop check.
        /// </summary>
        internal string? FindModelMismatch(int channels, long classCount, int height, int width)
        {
            ColorOrder order = Preprocessing.ColorOrder;
            if (channels != 1 && channels != 3)
            {
                return $"the model's image input has {channels} channels; only 1 (Gray) or 3 (RGB/BGR) are supported";
            }

            if (order == ColorOrder.Gray && channels != 1)
            {
                return $"colorOrder is Gray but the model's input has {channels} channels";
            }

            if (order != ColorOrder.Gray && channels != 3)
            {
                return $"colorOrder is {order.ToString().ToUpperInvariant()} but the model's input has {channels} channel{(channels == 1 ? "" : "s")}";
            }

            if (Preprocessing.Mean.Count != 1 && Preprocessing.Mean.Count != channels)
            {
                return $"mean has {Preprocessing.Mean.Count} values but the model's input has {channels} channels";
            }

            if (Preprocessing.Std.Count != 1 && Preprocessing.Std.Count != channels)
            {
                return $"std has {Preprocessing.Std.Count} values but the model's input has {channels} channels";
            }

            int? shortSide = Preprocessing.ShortSide;
            if (shortSide != null && (shortSide < height || shortSide < width))
            {
                return $"shortSide {shortSide} is smaller than the model's {width}×{height} input, so the centre crop cannot fit";
            }

            if (Labels != null && classCount > 0 && Labels.Count != classCount)
            {
                return $"{Labels.Count} labels but the model outputs {classCount} classes";
            }

            return null;
        }

        /// <inheritdoc/>
        public override string ToString() => $"{Name} ({Path.GetFileName(ModelPath)}): {Preprocessing}, {Output}";

        private static void Require(string value, string name)
        {
            if (value == null)
            {
                throw new ArgumentNullException(name);
            }

            if (value.Length == 0)
            {
                throw new ArgumentException("The value cannot be an empty string.", name);
            }
        }
    }
}
