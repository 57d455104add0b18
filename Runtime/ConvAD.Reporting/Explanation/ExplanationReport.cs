using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ConvAD.Html;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>
    /// report.html of an explanation run: the command, then per image its prediction, the numbers of every explanation, its
    /// pictures and its comparison sheet, all embedded so the one file can be mailed or archived.
    /// </summary>
    public static class ExplanationReport
    {
        /// <summary>The report's file name in the output folder.</summary>
        public const string FileName = "report.html";

        /// <summary>Writes <c>FOLDER/report.html</c> for <paramref name="explanations"/> (pictures read from their files) and returns its path.</summary>
        public static string Write(string folder, string model, IReadOnlyList<ReportedExplanation> explanations, string? commandLine = null)
        {
            ArgumentNullException.ThrowIfNull(explanations);
            var page = new HtmlPage("ConvAD explanation: " + model);
            if (commandLine != null)
            {
                page.Heading(2, "Command").Preformatted(commandLine);
            }

            foreach (ReportedExplanation e in explanations)
            {
                Prediction target = e.Result.Target;
                IReadOnlyList<ExplanationResult> table = e.Comparison ?? new[] { e.Result };
                // A run of rex alone keeps its page as it was before methods could be compared: no method column.
                bool methods = table.Any(r => r.Method != Explainer.RexMethod);
                string by = e.Result.Method == Explainer.RexMethod ? "" : " by " + e.Result.Method;
                page.Heading(2, e.Image)
                    .Paragraph($"{target.Label} (class {target.Index}, confidence {Number(target.Confidence, "0.000")}), explained under {e.Result.Perturbation}{by}")
                    .Table((methods ? new[] { "method" } : Array.Empty<string>())
                            .Concat(new[] { "perturbation", "explanation", "share of pixels", "pixels", "confidence on E", "mutants", "engine calls", "seconds" }).ToArray(),
                        table.Select(r => methods ? new[] { r.Method }.Concat(Row(r)).ToArray() : Row(r)));
                page.Picture(e.Files.Heatmap, "responsibility heatmap")
                    .Picture(e.Files.Overlay, "explanation over the image")
                    .Picture(e.Files.Mask, "mask (white: the explanation)", modelSize: true);
                if (e.ComparisonSheet != null)
                {
                    page.Heading(3, "Comparison").Picture(e.ComparisonSheet, methods
                        ? "one row per method, one column per perturbation: explanation above, the method's map below"
                        : "the image, then each perturbation: explanation above, responsibility below");
                }
            }

            string path = Path.Combine(folder, FileName);
            page.Write(path);
            return path;
        }

        private static IReadOnlyList<string> Row(ExplanationResult r) => new[]
        {
            r.Perturbation.ToString(),
            r.Explanation.IsSufficient ? "sufficient" : r.Explanation.Sufficiency.Describe(),
            Number(100 * r.Explanation.AreaFraction, "0.0") + "%",
            r.Explanation.Area.ToString(CultureInfo.InvariantCulture),
            Number(r.Explanation.Confidence, "0.000"),
            r.MutantsEvaluated.ToString(CultureInfo.InvariantCulture),
            r.EngineCalls.ToString(CultureInfo.InvariantCulture),
            Number(r.Timings.Total.TotalSeconds, "0.0"),
        };

        private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
    }
}
