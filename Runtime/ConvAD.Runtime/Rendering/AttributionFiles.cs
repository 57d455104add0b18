using System.Text.Json;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Rendering
{
    /// <summary>The files written for one attribution map.</summary>
    public sealed record AttributionFilePaths(string Heatmap, string Map, string Summary);

    /// <summary>Writes an attribution method's map as a heatmap picture, a .npy array and a JSON summary, each atomically.</summary>
    public static class AttributionFiles
    {
        /// <summary>
        /// Writes <c>STEM.METHOD.heatmap.png</c> (the positive part of the map, as the explainer's heatmap),
        /// <c>STEM.METHOD.attribution.npy</c> (float32 H×W, signed) and <c>STEM.METHOD.json</c> (target, method, mode, counts, wall time).
        /// </summary>
        public static AttributionFilePaths Write(string folder, string stem, Image<Rgb24> fitted, AttributionResult result, ColorMap? colorMap = null)
        {
            string Path(string suffix) => System.IO.Path.Combine(folder, $"{stem}.{result.Options.Method}{suffix}");
            var paths = new AttributionFilePaths(Path(".heatmap.png"), Path(".attribution.npy"), Path(".json"));
            using (Image<Rgb24> heatmap = ExplanationPictures.Heatmap(fitted, result.Attribution, colorMap))
            {
                ExplanationFiles.SavePng(paths.Heatmap, heatmap);
            }

            NpyWriter.Write(paths.Map, result.Attribution.Values, result.Attribution.Height, result.Attribution.Width);
            AtomicFile.Write(paths.Summary, s => JsonSerializer.Serialize(s, Summary(result), new JsonSerializerOptions { WriteIndented = true }));
            return paths;
        }

        /// <summary>What the JSON summary holds: the method and its settings, the mode, the target, the map's range and the work done.</summary>
        public static object Summary(AttributionResult result)
        {
            float min = float.PositiveInfinity;
            foreach (float v in result.Attribution.Values)
            {
                min = System.Math.Min(min, v);
            }

            return new
            {
                method = result.Options.Method,
                settings = Settings(result.Options, result.Attribution.Height, result.Attribution.Width),
                seed = result.Options.Seed,
                mode = result.Perturbation.Name,
                target = new { index = result.Target.Index, label = result.Target.Label, confidence = result.Target.Confidence },
                attribution = new { height = result.Attribution.Height, width = result.Attribution.Width, min, max = result.Attribution.Max },
                mutants = result.MutantsEvaluated,
                engineCalls = result.EngineCalls,
                elapsedMs = System.Math.Round(result.Elapsed.TotalMilliseconds, 1),
            };
        }

        // The settings as the method resolved them for this image (defaults that depend on the image size filled in).
        private static object Settings(AttributionOptions options, int height, int width) => options switch
        {
            OcclusionOptions o => new { window = o.WindowFor(height, width), stride = o.StrideFor(height, width) },
            RiseOptions r => new { masks = r.Masks, cells = r.Cells, keepProbability = r.KeepProbability },
            KernelShapOptions k => Shap(k, System.Math.Min(k.GridSize, System.Math.Min(height, width))),
            _ => new { },
        };

        private static object Shap(KernelShapOptions options, int grid) =>
            new { grid, samples = options.SamplesFor(grid * grid), exact = options.IsExact(grid * grid) };
    }
}
