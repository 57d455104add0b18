using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ConvAD.Description
{
    /// <summary>Turns sidecar JSON into a <see cref="ModelDescription"/>; the schema is documented in docs/model-description.md.</summary>
    internal static class SidecarReader
    {
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        public static ModelDescription Read(string json, string baseDirectory, string source, string? sidecarPath)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, Options);
            }
            catch (JsonException ex)
            {
                throw new ModelDescriptionException(source, $"invalid JSON at line {ex.LineNumber + 1 ?? 0}: {WithoutPosition(ex.Message)}", ex);
            }

            using (document)
            {
                var root = new SidecarObject(document.RootElement, string.Empty, source);
                string model = root.String("model", required: true)!;
                string modelPath = Path.GetFullPath(Path.Combine(baseDirectory, model));
                if (!File.Exists(modelPath))
                {
                    throw root.Fail($"model file '{model}' named in the sidecar not found (looked for {modelPath})");
                }

                string task = root.String("task") ?? ModelDescription.DefaultTask;
                if (!string.Equals(task, ModelDescription.DefaultTask, StringComparison.OrdinalIgnoreCase))
                {
                    throw root.Fail($"unsupported task '{task}' (only \"classification\" is supported)");
                }

                return new ModelDescription(
                    sidecarPath,
                    modelPath,
                    root.String("name") ?? Path.GetFileNameWithoutExtension(modelPath),
                    ModelDescription.DefaultTask,
                    ReadInput(root),
                    ReadOutput(root),
                    ReadLabels(root, baseDirectory, source),
                    root.String("source"),
                    root.String("license"));
            }
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

        private static IReadOnlyList<string>? ReadLabels(SidecarObject root, string baseDirectory, string source)
        {
            if (!root.TryGet("labels", out JsonElement labels))
            {
                return null;
            }

            if (labels.ValueKind == JsonValueKind.Array)
            {
                return LabelFile.FromArray(labels, root);
            }

            string file = root.String("labels")!;
            return LabelFile.Read(Path.GetFullPath(Path.Combine(baseDirectory, file)), source);
        }

        /// <summary>System.Text.Json appends "LineNumber: n | BytePositionInLine: m." with 0-based numbers; we report 1-based lines ourselves.</summary>
        private static string WithoutPosition(string message)
        {
            int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return at < 0 ? message : message.Substring(0, at);
        }
    }
}
