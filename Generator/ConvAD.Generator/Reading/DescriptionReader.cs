using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Generator.Model;
using ConvAD.Json;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// Reads and checks a model description with the rules of docs/model-description.md, so a bad sidecar
    /// fails the build (CVAD007) rather than the application. The runtime's Preprocessing constructor
    /// checks the emitted values again.
    /// </summary>
    internal sealed class DescriptionReader
    {
        private readonly string _path;

        private DescriptionReader(string path) => _path = path;

        /// <summary>The description, or null with the problem (a sentence without the file name).</summary>
        public static Description? Read(string sidecarPath, out string? problem)
        {
            problem = null;
            string? text = ModelFiles.ReadText(sidecarPath, out string? readProblem);
            if (text == null)
            {
                problem = "cannot read the file: " + readProblem;
                return null;
            }

            try
            {
                return new DescriptionReader(sidecarPath).Parse(JsonLite.Parse(text));
            }
            catch (JsonLiteException e)
            {
                problem = e.Message;
            }
            catch (DescriptionException e)
            {
                problem = e.Message;
            }

            return null;
        }

        private Description Parse(JsonNode root)
        {
            if (root.Kind != JsonKind.Object)
            {
                throw Fail($"the description must be a JSON object, got {root}");
            }

            string directory = Path.GetDirectoryName(_path) ?? "";
            string model = String(root, "model") ?? throw Fail("'model' is required: the ONNX file this description is for");
            string? task = String(root, "task");
            if (task != null && !string.Equals(task, "classification", StringComparison.OrdinalIgnoreCase))
            {
                throw Fail($"task \"{task}\" is not supported (only \"classification\")");
            }

            JsonNode? output = Object(root, "output");
            string outputKind = "Logits";
            string? kind = output == null ? null : String(output, "kind", "output.");
            if (kind != null)
            {
                outputKind = kind.ToLowerInvariant() switch
                {
                    "logits" => "Logits",
                    "probabilities" => "Probabilities",
                    _ => throw Fail($"unknown output kind \"{kind}\" (expected \"logits\" or \"probabilities\")"),
                };
            }

            EquatableArray<string> labels = EquatableArray<string>.Empty;
            string labelsSource = _path;
            JsonNode? labelsNode = root.Get("labels");
            if (labelsNode != null)
            {
                (labels, labelsSource) = ReadLabels(labelsNode, directory);
            }

            return new Description(
                _path,
                ModelFiles.Normalize(Path.Combine(directory, model)),
                String(root, "name"),
                ReadPreprocessing(Object(root, "input")),
                outputKind,
                labels,
                labelsSource);
        }

        private (EquatableArray<string> Labels, string Source) ReadLabels(JsonNode node, string directory)
        {
            if (node.Kind == JsonKind.String)
            {
                string path = ModelFiles.Normalize(Path.Combine(directory, node.String));
                if (!ModelFiles.Exists(path))
                {
                    throw Fail($"labels file '{node.String}' not found (looked for {path})");
                }

                EquatableArray<string> labels = LabelsFile.Read(path, out string? problem);
                return problem == null ? (labels, path) : throw Fail(problem);
            }

            if (node.Kind != JsonKind.Array || node.Items.Count == 0)
            {
                throw Fail($"'labels' must be a file name or a non-empty array of strings, got {node}");
            }

            var list = new List<string>();
            for (int i = 0; i < node.Items.Count; i++)
            {
                JsonNode item = node.Items[i];
                if (item.Kind != JsonKind.String || item.String.Trim().Length == 0)
                {
                    throw Fail($"'labels[{i}]' must be a non-empty string, got {item}");
                }

                list.Add(item.String);
            }

            return (list.ToEquatableArray(), _path);
        }

        private PreprocessingSpec ReadPreprocessing(JsonNode? input)
        {
            if (input == null)
            {
                return PreprocessingSpec.Default with { IsDefault = false };
            }

            string? color = String(input, "colorOrder", "input.");
            string colorOrder = (color ?? "RGB").ToLowerInvariant() switch
            {
                "rgb" => "Rgb",
                "bgr" => "Bgr",
                "gray" or "grey" => "Gray",
                _ => throw Fail($"unknown colorOrder \"{color}\" (expected \"RGB\", \"BGR\" or \"Gray\")"),
            };
            int channels = colorOrder == "Gray" ? 1 : 3;

            double low = 0, high = 1;
            JsonNode? range = input.Get("pixelRange");
            if (range != null)
            {
                if (range.Kind != JsonKind.Array || range.Items.Count != 2 || range.Items.Any(i => i.Kind != JsonKind.Number))
                {
                    throw Fail($"'input.pixelRange' must be 2 numbers [low, high], got {Describe(range)}");
                }

                (low, high) = (range.Items[0].Number, range.Items[1].Number);
                if (low == high)
                {
                    throw Fail($"pixelRange must be two different finite numbers, got [{low}, {high}]");
                }
            }

            double[] mean = PerChannel(input, "mean", 0, channels);
            double[] std = PerChannel(input, "std", 1, channels);
            for (int i = 0; i < std.Length; i++)
            {
                if (!(std[i] > 0))
                {
                    throw Fail($"std must be positive, but std[{i}] is {std[i]}");
                }
            }

            string resize = "Stretch";
            int? shortSide = null;
            JsonNode? resizeNode = Object(input, "resize", "input.");
            string? mode = resizeNode == null ? null : String(resizeNode, "mode", "input.resize.");
            if (mode != null)
            {
                resize = mode.ToLowerInvariant() switch
                {
                    "stretch" => "Stretch",
                    "shortsidecentercrop" => "ShortSideCenterCrop",
                    _ => throw Fail($"unknown resize mode \"{mode}\" (expected \"stretch\" or \"shortSideCenterCrop\")"),
                };
            }

            if (resize == "ShortSideCenterCrop")
            {
                JsonNode? side = resizeNode!.Get("shortSide");
                if (side == null || side.Kind != JsonKind.Number || side.Number <= 0 || side.Number > int.MaxValue || side.Number != Math.Floor(side.Number))
                {
                    throw Fail("resize mode shortSideCenterCrop needs a positive integer shortSide");
                }

                shortSide = (int)side.Number;
            }

            return new PreprocessingSpec(colorOrder, low, high, mean.ToEquatableArray(), std.ToEquatableArray(), resize, shortSide, false);
        }

        private double[] PerChannel(JsonNode input, string name, double fallback, int channels)
        {
            JsonNode? node = input.Get(name);
            if (node == null)
            {
                return new[] { fallback };
            }

            if (node.Kind == JsonKind.Number)
            {
                return new[] { node.Number };
            }

            if (node.Kind != JsonKind.Array || node.Items.Any(i => i.Kind != JsonKind.Number))
            {
                throw Fail($"'input.{name}' must be a number or an array of numbers, got {Describe(node)}");
            }

            if (node.Items.Count != 1 && node.Items.Count != channels)
            {
                throw Fail(channels == 1
                    ? $"{name} must have 1 value for a Gray model, got {node.Items.Count}"
                    : $"{name} must have 1 or 3 values, got {node.Items.Count}");
            }

            return node.Items.Select(i => i.Number).ToArray();
        }

        private string? String(JsonNode owner, string name, string path = "")
        {
            JsonNode? node = owner.Get(name);
            if (node == null)
            {
                return null;
            }

            return node.Kind == JsonKind.String ? node.String : throw Fail($"'{path}{name}' must be a string, got {Describe(node)}");
        }

        private JsonNode? Object(JsonNode owner, string name, string path = "")
        {
            JsonNode? node = owner.Get(name);
            return node == null || node.Kind == JsonKind.Object ? node : throw Fail($"'{path}{name}' must be an object, got {Describe(node)}");
        }

        private static string Describe(JsonNode node) => node.Kind == JsonKind.Array ? $"an array of {node.Items.Count}" : node.ToString();

        private static DescriptionException Fail(string problem) => new DescriptionException(problem);

        private sealed class DescriptionException : Exception
        {
            public DescriptionException(string message)
                : base(message)
            {
            }
        }
    }
}
