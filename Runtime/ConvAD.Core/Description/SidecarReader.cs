using System;
using System.Collections.Generic;
using System.IO;
using ConvAD.Json;
using ConvAD.Plan;

namespace ConvAD.Description
{
    /// <summary>
    /// Turns sidecar JSON into a <see cref="ModelDescription"/>; the schema is documented in docs/model-description.md.
    /// The one implementation of the sidecar rules: the runtime calls it through <see cref="ModelDescription"/>, the
    /// source generator (which compiles this core) directly, with the compiler's additional files as <see cref="SidecarFiles"/>.
    /// </summary>
    internal static class SidecarReader
    {
        /// <param name="json">The sidecar's text.</param>
        /// <param name="baseDirectory">Where the paths it names resolve (the sidecar's folder).</param>
        /// <param name="source">What error messages call it (its path).</param>
        /// <param name="sidecarPath">The sidecar file, or null for inline JSON.</param>
        /// <param name="files">Where the files it names are looked up.</param>
        /// <param name="allowPathsOutsideFolder">
        /// Let the model and labels paths leave the sidecar's folder. Off by default: a sidecar that came with a downloaded model
        /// could otherwise name any readable file (its lines would be printed as class names, or compiled into an assembly).
        /// </param>
        /// <exception cref="ModelDescriptionException">The JSON is malformed or describes something invalid.</exception>
        public static ModelDescription Read(string json, string baseDirectory, string source, string? sidecarPath, SidecarFiles files,
            bool allowPathsOutsideFolder = false)
        {
            JsonNode document;
            try
            {
                document = JsonLite.Parse(json);
            }
            catch (JsonLiteException ex)
            {
                throw new ModelDescriptionException(source, ex.Message, ex);
            }

            var root = new SidecarObject(document, string.Empty, source);
            string model = root.String("model", required: true)!;
            string modelPath = Resolve(baseDirectory, model, "model file", root, allowPathsOutsideFolder);
            if (!files.ModelExists(modelPath))
            {
                throw root.Fail($"model file '{model}' named in the sidecar not found (looked for {modelPath})");
            }

            string task = root.String("task") ?? ModelDescription.DefaultTask;
            if (!string.Equals(task, ModelDescription.DefaultTask, StringComparison.OrdinalIgnoreCase))
            {
                throw root.Fail($"unsupported task '{task}' (only \"classification\" is supported)");
            }

            Preprocessing preprocessing = ReadInput(root);
            OutputKind output = ReadOutput(root);
            IReadOnlyList<string>? labels = ReadLabels(root, baseDirectory, source, files, allowPathsOutsideFolder, out string? labelsPath);
            return new ModelDescription(
                sidecarPath,
                modelPath,
                root.String("name") ?? Path.GetFileNameWithoutExtension(modelPath),
                ModelDescription.DefaultTask,
                preprocessing,
                output,
                labels,
                root.String("source"),
                root.String("license"),
                labelsPath: labelsPath,
                inputSize: ReadSize(root));
        }

        /// <summary><c>input.size</c>: [height, width], the size to run a model whose input's height or width is symbolic.</summary>
        private static InputSize? ReadSize(SidecarObject root)
        {
            SidecarObject? input = root.Object("input");
            double[]? size = input?.Numbers("size");
            if (size == null)
            {
                return null;
            }

            if (size.Length != 2 || Array.Exists(size, v => v != Math.Floor(v) || v < 1 || v > InputSize.MaxSide))
            {
                string got = string.Join(", ", Array.ConvertAll(size, v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
                throw input!.Fail($"'input.size' must be 2 whole numbers [height, width] from 1 to {InputSize.MaxSide}, got [{got}]");
            }

            return new InputSize((int)size[0], (int)size[1]);
        }

        private static Preprocessing ReadInput(SidecarObject root)
        {
            SidecarObject? input = root.Object("input");
            if (input == null)
            {
                return Preprocessing.Default;
            }

            ColorOrder colorOrder = ParseColorOrder(input);
            double low = 0, high = 1;
            double[]? range = input.Numbers("pixelRange");
            if (range != null)
            {
                if (range.Length != 2)
                {
                    throw input.Fail($"'input.pixelRange' must be 2 numbers [low, high], got {range.Length}");
                }

                (low, high) = (range[0], range[1]);
            }

            double[] mean = input.Numbers("mean") ?? new[] { 0.0 };
            double[] std = input.Numbers("std") ?? new[] { 1.0 };
            (ResizeKind resize, int? shortSide) = ParseResize(input);
            string? problem = Preprocessing.FindProblem(colorOrder, low, high, mean, std, resize, shortSide);
            if (problem != null)
            {
                throw input.Fail(problem);
            }

            return new Preprocessing(colorOrder, low, high, mean, std, resize, shortSide);
        }

        private static ColorOrder ParseColorOrder(SidecarObject input)
        {
            string? text = input.String("colorOrder");
            switch (text?.ToUpperInvariant())
            {
                case null:
                case "RGB":
                    return ColorOrder.Rgb;
                case "BGR":
                    return ColorOrder.Bgr;
                case "GRAY":
                case "GREY":
                    return ColorOrder.Gray;
                default:
                    throw input.Fail($"unknown colorOrder \"{text}\" (expected \"RGB\", \"BGR\" or \"Gray\")");
            }
        }

        private static (ResizeKind Mode, int? ShortSide) ParseResize(SidecarObject input)
        {
            SidecarObject? resize = input.Object("resize");
            string? mode = resize?.String("mode");
            if (resize == null || mode == null || mode.Equals("stretch", StringComparison.OrdinalIgnoreCase))
            {
                return (ResizeKind.Stretch, null);
            }

            if (!mode.Equals("shortSideCenterCrop", StringComparison.OrdinalIgnoreCase))
            {
                throw resize.Fail($"unknown resize mode \"{mode}\" (expected \"stretch\" or \"shortSideCenterCrop\")");
            }

            int? shortSide = resize.Int("shortSide");
            if (shortSide == null || shortSide <= 0)
            {
                throw resize.Fail("resize mode shortSideCenterCrop needs a positive integer 'input.resize.shortSide'");
            }

            return (ResizeKind.ShortSideCenterCrop, shortSide);
        }

        private static OutputKind ReadOutput(SidecarObject root)
        {
            SidecarObject? output = root.Object("output");
            string? kind = output?.String("kind");
            switch (kind?.ToLowerInvariant())
            {
                case null:
                case "logits":
                    return OutputKind.Logits;
                case "probabilities":
                    return OutputKind.Probabilities;
                default:
                    throw root.Fail($"unknown output kind \"{kind}\" (expected \"logits\" or \"probabilities\")");
            }
        }

        private static IReadOnlyList<string>? ReadLabels(SidecarObject root, string baseDirectory, string source, SidecarFiles files, bool allowOutside,
            out string? labelsPath)
        {
            labelsPath = null;
            if (!root.TryGet("labels", out JsonNode? labels))
            {
                return null;
            }

            if (labels!.Kind == JsonKind.Array)
            {
                return FromArray(labels, root);
            }

            string file = root.String("labels")!;
            string path = Resolve(baseDirectory, file, "labels file", root, allowOutside);
            string? text;
            try
            {
                text = files.ReadLabels(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ModelDescriptionException(path, $"cannot read the labels file: {ex.Message}", ex);
            }

            if (text == null)
            {
                throw new ModelDescriptionException(source, $"labels file '{file}' not found (looked for {path})");
            }

            labelsPath = path;
            return LabelsFile.Parse(text, path);
        }

        private static IReadOnlyList<string> FromArray(JsonNode array, SidecarObject owner)
        {
            if (array.Items.Count == 0)
            {
                throw owner.Fail("'labels' is an empty array");
            }

            var labels = new string[array.Items.Count];
            for (int i = 0; i < labels.Length; i++)
            {
                JsonNode item = array.Items[i];
                if (item.Kind != JsonKind.String || item.String.Trim().Length == 0)
                {
                    throw owner.Fail($"'labels[{i}]' must be a non-empty string, got {item}");
                }

                labels[i] = item.String;
            }

            return Array.AsReadOnly(labels);
        }

        /// <summary>
        /// One JSON object of a sidecar, read with errors that name the file and the property path ("input.mean").
        /// Names match case-insensitively so "Mean" is not silently ignored; names it does not know are ignored
        /// so newer sidecars still load.
        /// </summary>
        private sealed class SidecarObject
        {
            private readonly Dictionary<string, JsonNode> _properties = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
            private readonly string _path;
            private readonly string _source;

            public SidecarObject(JsonNode node, string path, string source)
            {
                _path = path;
                _source = source;
                if (node.Kind != JsonKind.Object)
                {
                    throw Fail(path.Length == 0 ? "the top level must be a JSON object { ... }" : $"'{path}' must be an object {{ ... }}");
                }

                var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (KeyValuePair<string, JsonNode> property in node.Properties)
                {
                    if (names.TryGetValue(property.Key, out string? first))
                    {
                        // Names match case-insensitively, so "mean" and "Mean" are the same property said twice.
                        throw Fail($"property '{Qualify(first)}' appears twice");
                    }

                    names.Add(property.Key, property.Key);
                    _properties.Add(property.Key, property.Value);
                }
            }

            public ModelDescriptionException Fail(string problem) => new ModelDescriptionException(_source, problem);

            public bool TryGet(string name, out JsonNode? value)
            {
                bool found = _properties.TryGetValue(name, out value) && value!.Kind != JsonKind.Null;
                value = found ? value : null;
                return found;
            }

            public string? String(string name, bool required = false)
            {
                if (!TryGet(name, out JsonNode? value))
                {
                    return required ? throw Fail($"required property '{Qualify(name)}' is missing") : null;
                }

                return value!.Kind == JsonKind.String && value.String.Trim().Length > 0
                    ? value.String
                    : throw Fail($"'{Qualify(name)}' must be a non-empty string");
            }

            public SidecarObject? Object(string name) =>
                TryGet(name, out JsonNode? value) ? new SidecarObject(value!, Qualify(name), _source) : null;

            /// <summary>A number or an array of numbers (a lone number reads as a one-element array).</summary>
            public double[]? Numbers(string name)
            {
                if (!TryGet(name, out JsonNode? value))
                {
                    return null;
                }

                if (value!.Kind == JsonKind.Number)
                {
                    return new[] { value.Number };
                }

                if (value.Kind != JsonKind.Array)
                {
                    throw Fail($"'{Qualify(name)}' must be a number or an array of numbers");
                }

                var numbers = new double[value.Items.Count];
                for (int i = 0; i < numbers.Length; i++)
                {
                    JsonNode item = value.Items[i];
                    numbers[i] = item.Kind == JsonKind.Number ? item.Number : throw Fail($"'{Qualify(name)}[{i}]' must be a number, got {item}");
                }

                return numbers;
            }

            public int? Int(string name)
            {
                if (!TryGet(name, out JsonNode? value))
                {
                    return null;
                }

                double number = value!.Kind == JsonKind.Number ? value.Number : double.NaN;
                return number >= int.MinValue && number <= int.MaxValue && number == Math.Floor(number)
                    ? (int)number
                    : throw Fail($"'{Qualify(name)}' must be an integer, got {value}");
            }

            private string Qualify(string name) => _path.Length == 0 ? name : _path + "." + name;
        }

        /// <summary>A path the sidecar names, resolved against its folder; outside that folder only when allowed.</summary>
        private static string Resolve(string baseDirectory, string relative, string what, SidecarObject root, bool allowOutside)
        {
            string full = SidecarFiles.FullPath(Path.Combine(baseDirectory, relative));
            string folder = baseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (!allowOutside && !full.StartsWith(folder, StringComparison.Ordinal))
            {
                throw root.Fail($"{what} '{relative}' resolves outside the sidecar's folder ({full}); a sidecar may name only files in its "
                    + "folder or below (to allow it: --allow-outside-paths in the CLI, allowPathsOutsideFolder in the API)");
            }

            return full;
        }
    }
}
