using System.Text.Json;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Rendering
{
    /// <summary>The files written for a contrastive explanation.</summary>
    public sealed record ContrastiveExplanationFilePaths(string Overlay, string Mask, string Heatmap, string Summary);

    /// <summary>Writes a <see cref="ContrastiveExplanationResult"/>, each file atomically, named after the image.</summary>
    public static class ContrastiveExplanationFiles
    {
        /// <summary>
        /// Writes <c>STEM.contrast.overlay.png</c> (the removed region as it is, the rest greyed out), <c>STEM.contrast.mask.png</c>
        /// (white = removed), <c>STEM.contrast.heatmap.png</c> (the contrast class's responsibility map) and <c>STEM.contrast.json</c>.
        /// </summary>
        public static ContrastiveExplanationFilePaths Write(string folder, string stem, Image<Rgb24> fitted, ContrastiveExplanationResult result, ColorMap? colorMap = null)
        {
            string Path(string suffix) => System.IO.Path.Combine(folder, stem + suffix);
            var paths = new ContrastiveExplanationFilePaths(Path(".contrast.overlay.png"), Path(".contrast.mask.png"), Path(".contrast.heatmap.png"), Path(".contrast.json"));
            using (Image<Rgb24> overlay = ExplanationPictures.RegionOverlay(fitted, result.Height, result.Width, result.Contains))
            {
                ExplanationFiles.SavePng(paths.Overlay, overlay);
            }

            using (Image<Rgb24> mask = ExplanationPictures.RegionMask(result.Height, result.Width, result.Contains))
            {
                ExplanationFiles.SavePng(paths.Mask, mask);
            }

            using (Image<Rgb24> heatmap = ExplanationPictures.Heatmap(fitted, result.ContrastResponsibility, colorMap))
            {
                ExplanationFiles.SavePng(paths.Heatmap, heatmap);
            }

            AtomicFile.Write(paths.Summary, s => JsonSerializer.Serialize(s, Summary(result), new JsonSerializerOptions { WriteIndented = true }));
            return paths;
        }

        /// <summary>What the JSON summary holds: the two classes, the mode, the region's size and the contrast class's confidence without it, the work done.</summary>
        public static object Summary(ContrastiveExplanationResult result) => new
        {
            method = "rex-contrast",
            mode = result.Perturbation.Name,
            target = new { index = result.Target.Index, label = result.Target.Label, confidence = result.Target.Confidence },
            contrast = new { index = result.Contrast.Index, label = result.Contrast.Label, confidence = result.Contrast.Confidence },
            found = result.Found,
            region = new { area = result.Area, areaFraction = result.AreaFraction, minimised = result.Minimised },
            confidenceWithoutRegion = result.Confidence,
            ranking = "target responsibility / max − contrast responsibility / max",
            seed = result.Options.Seed,
            iterations = result.Options.Iterations,
            chunk = result.Options.ChunkSize,
            mutants = result.MutantsEvaluated,
            engineCalls = result.EngineCalls,
            elapsedMs = System.Math.Round(result.Elapsed.TotalMilliseconds, 1),
        };
    }
}
