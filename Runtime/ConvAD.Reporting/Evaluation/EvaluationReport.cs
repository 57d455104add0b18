using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>Writes summary.md, robustness.png, size.png and confidence.png for a set of rows. Everything is a function of the rows.</summary>
    public static class EvaluationReport
    {
        public const string SummaryFile = "summary.md";
        public const string RobustnessFile = "robustness.png";
        public const string SizeFile = "size.png";
        public const string ConfidenceFile = "confidence.png";

        public static EvaluationReportFiles Write(string folder, string title, IEnumerable<string> context, IReadOnlyList<EvaluationRow> rows,
            IReadOnlyList<double> gammas, IReadOnlyList<string> modeOrder)
        {
            ArgumentNullException.ThrowIfNull(rows);
            IReadOnlyList<ModeSummary> modes = ModeSummary.ByMode(rows, gammas, modeOrder);
            var files = new EvaluationReportFiles(Path.Combine(folder, SummaryFile), Path.Combine(folder, RobustnessFile), Path.Combine(folder, SizeFile),
                Path.Combine(folder, ConfidenceFile));
            string markdown = SummaryMarkdown.Render(title, context, modes);
            AtomicFile.Write(files.Summary, s => s.Write(new UTF8Encoding(false).GetBytes(markdown)));
            if (modes.Count == 0)
            {
                return files;
            }

            string[] names = modes.Select(m => m.Mode).ToArray();
            int images = rows.Select(r => r.ImageIndex).Distinct().Count();
            string suffix = $" ({images} IMAGES)";
            Save(files.Robustness, RobustnessChart.Render(title + suffix, modes));
            Save(files.Size, DistributionChart.Render("EXPLANATION SIZE (SHARE OF PIXELS)" + suffix, names, modes.Select(m => m.Sizes).ToArray(), percent: true));
            Save(files.Confidence, DistributionChart.Render("CONFIDENCE ON E ALONE / ORIGINAL, UNDER THE MODE" + suffix, names, modes.Select(m => m.Ratios).ToArray(),
                percent: false));
            return files;
        }

        private static void Save(string path, Image<Rgb24> image)
        {
            using (image)
            {
                AtomicFile.Write(path, s => image.SaveAsPng(s));
            }
        }
    }
}
