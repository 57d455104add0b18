using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Rendering
{
    /// <summary>The files written for several explanations of one image: per explanation an overlay and a mask, then the map and a JSON summary.</summary>
    public sealed record MultipleExplanationFilePaths(IReadOnlyList<string> Overlays, IReadOnlyList<string> Masks, string Heatmap, string Summary);

    /// <summary>Writes a <see cref="MultipleExplanationResult"/>, each file atomically, named after the image.</summary>
    public static class MultipleExplanationFiles
    {
        /// <summary>
        /// Writes <c>STEM.multi-K.overlay.png</c> and <c>STEM.multi-K.mask.png</c> for explanation K = 1, 2, … (1: the ordinary one),
        /// <c>STEM.multi.heatmap.png</c> (the responsibility map the spotlights searched) and <c>STEM.multi.json</c> (counts, overlaps, work done).
        /// </summary>
        public static MultipleExplanationFilePaths Write(string folder, string stem, Image<Rgb24> fitted, MultipleExplanationResult result, ColorMap? colorMap = null)
        {
            string Path(string suffix) => System.IO.Path.Combine(folder, stem + suffix);
            var overlays = new List<string>();
            var masks = new List<string>();
            for (int k = 0; k < result.Count; k++)
            {
                SufficientExplanation explanation = result.Explanations[k].Explanation;
                overlays.Add(Path($".multi-{k + 1}.overlay.png"));
                masks.Add(Path($".multi-{k + 1}.mask.png"));
                using (Image<Rgb24> overlay = ExplanationPictures.Overlay(fitted, explanation))
                {
                    ExplanationFiles.SavePng(overlays[k], overlay);
                }

                using Image<Rgb24> mask = ExplanationPictures.Mask(explanation);
                ExplanationFiles.SavePng(masks[k], mask);
            }

            var paths = new MultipleExplanationFilePaths(overlays, masks, Path(".multi.heatmap.png"), Path(".multi.json"));
            using (Image<Rgb24> heatmap = ExplanationPictures.Heatmap(fitted, result.First.Responsibility, colorMap))
            {
                ExplanationFiles.SavePng(paths.Heatmap, heatmap);
            }

            AtomicFile.Write(paths.Summary, s => JsonSerializer.Serialize(s, Summary(result), new JsonSerializerOptions { WriteIndented = true }));
            return paths;
        }

        /// <summary>What the JSON summary holds: target, mode, settings, every explanation, the pairwise overlaps and the work done.</summary>
        public static object Summary(MultipleExplanationResult result)
        {
            int n = result.Count;
            int height = result.First.Responsibility.Height, width = result.First.Responsibility.Width;
            return new
            {
                method = "rex-multiple",
                mode = result.First.Perturbation.Name,
                target = new { index = result.First.Target.Index, label = result.First.Target.Label, confidence = result.First.Target.Confidence },
                settings = new
                {
                    count = result.Options.Count,
                    radius = result.Options.RadiusFor(height, width),
                    expansions = result.Options.Expansions,
                    steps = result.Options.Steps,
                    step = result.Options.StepFor(height, width),
                    move = result.Options.Move.ToString().ToLowerInvariant(),
                    maxOverlap = result.Options.MaxOverlap,
                    seed = result.First.Options.Seed,
                    iterations = result.First.Options.Iterations,
                    chunk = result.First.Options.ChunkSize,
                },
                count = n,
                stop = Name(result.Stop),
                spotlights = result.Spotlights,
                explanations = result.Explanations.Select((e, k) => new
                {
                    index = k + 1,
                    area = e.Explanation.Area,
                    areaFraction = e.Explanation.AreaFraction,
                    confidence = e.Explanation.Confidence,
                    centre = e.CentreRow is int row ? new[] { row, e.CentreColumn!.Value } : null,
                    radius = e.Radius,
                }),
                overlap = new
                {
                    maxIou = result.MaxIou,
                    maxSharedFraction = result.MaxSharedFraction,
                    iou = Matrix(n, result.Iou),
                    sharedFraction = Matrix(n, result.SharedFraction),
                },
                mutants = result.MutantsEvaluated,
                engineCalls = result.EngineCalls,
                elapsedMs = System.Math.Round(result.Elapsed.TotalMilliseconds, 1),
            };
        }

        /// <summary>A stop reason's name in JSON: count-reached, steps-spent, exhausted, no-first-explanation.</summary>
        public static string Name(SpotlightStop stop) => stop switch
        {
            SpotlightStop.CountReached => "count-reached",
            SpotlightStop.StepsSpent => "steps-spent",
            SpotlightStop.Exhausted => "exhausted",
            SpotlightStop.NoFirstExplanation => "no-first-explanation",
            _ => throw new System.ArgumentOutOfRangeException(nameof(stop), stop, null),
        };

        private static double[][] Matrix(int n, System.Func<int, int, double> value) =>
            Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => System.Math.Round(value(i, j), 4)).ToArray()).ToArray();
    }
}
