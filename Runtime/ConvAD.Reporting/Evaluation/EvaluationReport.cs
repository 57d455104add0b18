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
    /// <summary>Writes summary.md, robustness.png, size.png, confidence.png and robustness-by-size.png for a set of rows. Everything is a function of the rows.</summary>
    public static class EvaluationReport
    {
        public const string SummaryFile = "summary.md";
        public const string RobustnessFile = "robustness.png";
        public const string SizeFile = "size.png";
        public const string ConfidenceFile = "confidence.png";
        public const string SizeRobustnessFile = "robustness-by-size.png";

        public static EvaluationReportFiles Write(string folder, string title, IEnumerable<string> context, IReadOnlyList<EvaluationRow> rows,
            EvaluationColumns columns, IReadOnlyList<string> modeOrder)
        {
            ArgumentNullException.ThrowIfNull(rows);
            ArgumentNullException.ThrowIfNull(columns);
            IReadOnlyList<ModeSummary> modes = ModeSummary.ByMode(rows, columns, modeOrder);
            var files = new EvaluationReportFiles(Path.Combine(folder, SummaryFile), Path.Combine(folder, RobustnessFile), Path.Combine(folder, SizeFile),
                Path.Combine(folder, ConfidenceFile), columns.TopPercents.Count > 0 ? Path.Combine(folder, SizeRobustnessFile) : null);
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
            if (files.SizeRobustness != null)
            {
                Save(files.SizeRobustness, SizeRobustnessChart.Render("ROBUSTNESS AT EQUAL SIZE: TOP K% OF EACH MODE'S RANKING" + suffix, modes));
            }

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
