using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ConvAD.Evaluation
{
    /// <summary>The evaluation's Markdown summary: one table row per mode, the ρ-robustness table per γ, and AD against each masking value.</summary>
    public static class SummaryMarkdown
    {
        public static string Render(string title, IEnumerable<string> context, IReadOnlyList<ModeSummary> modes)
        {
            ArgumentNullException.ThrowIfNull(modes);
            var md = new StringBuilder();
            md.Append("# ").AppendLine(title).AppendLine();
            foreach (string line in context)
            {
                md.AppendLine(line);
            }

            if (modes.Count == 0)
            {
                md.AppendLine().AppendLine("No rows yet.");
                return md.ToString();
            }

            IReadOnlyList<double> gammas = modes[0].Gammas, rhos = modes[0].Rhos;
            md.AppendLine().AppendLine("## Per mode").AppendLine();
            md.AppendLine("Size = |E|/(H·W); P(c|E)/p and drop-off p − P(c|E) under the mode that found E; r(E) = share of the backgrounds on which the "
                + "plain model still predicts c with confidence ≥ γ·p; AUCs normalised by p (insertion: higher is better; deletion: lower is better). Sufficient = explanations on which "
                + "the target strictly wins while an empty image does not; the other rows (see the CSV's sufficiency column) are included in the means.");
            md.AppendLine();
            md.Append("| mode | images | correct | sufficient | size mean | size median | P(c\\|E)/p mean | drop-off mean |");
            md.Append(string.Concat(gammas.Select(g => $" r(E) mean γ={Num(g, "0.##")} |")));
            md.AppendLine(" insertion AUC | deletion AUC | mutants | s/image |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|" + string.Concat(gammas.Select(_ => "---:|")) + "---:|---:|---:|---:|");
            foreach (ModeSummary m in modes)
            {
                string correct = m.WithTruth == 0 ? "n/a" : $"{m.Correct}/{m.WithTruth}";
                md.Append($"| {m.Mode} | {m.Images} | {correct} | {m.Sufficient}/{m.Images} | {Pct(m.MeanSize)} | {Pct(m.MedianSize)} | {Num(m.MeanRatio)} | {Num(m.MeanDropOff)} |");
                md.Append(string.Concat(m.MeanRobustness.Select(r => $" {Num(r)} |")));
                md.AppendLine($" {Num(m.MeanInsertionAuc)} | {Num(m.MeanDeletionAuc)} | {Num(m.MeanMutants, "0")} | {Num(m.MeanSeconds, "0.00")} |");
            }

            md.AppendLine().AppendLine("## ρ-robustness").AppendLine();
            md.AppendLine("Share of images whose explanation is ρ-robust, r(E) ≥ ρ (ρ = 0 holds for every image by definition).");
            for (int g = 0; g < gammas.Count; g++)
            {
                md.AppendLine().AppendLine($"### γ = {Num(gammas[g], "0.##")}").AppendLine();
                md.AppendLine("| mode |" + string.Concat(rhos.Select(r => $" ρ={Num(r, "0.0")} |")) + " mean r(E) |");
                md.AppendLine("|---|" + string.Concat(rhos.Select(_ => "---:|")) + "---:|");
                foreach (ModeSummary m in modes)
                {
                    md.AppendLine($"| {m.Mode} |" + string.Concat(m.RobustShares[g].Select(s => $" {Pct(s)} |")) + $" {Num(m.MeanRobustness[g])} |");
                }
            }

            AppendComparison(md, modes, gammas);
            return md.ToString();
        }

        private static void AppendComparison(StringBuilder md, IReadOnlyList<ModeSummary> modes, IReadOnlyList<double> gammas)
        {
            ModeSummary? ad = modes.FirstOrDefault(m => m.Mode == "ad");
            ModeSummary[] others = modes.Where(m => m.Mode != "ad").ToArray();
            if (ad == null || others.Length == 0)
            {
                return;
            }

            md.AppendLine().AppendLine("## AD against each masking value").AppendLine();
            md.AppendLine("Mean r(E) of AD relative to each masking value: AD / mode − 1 (positive: AD's explanations are more robust).");
            md.AppendLine();
            md.AppendLine("| γ |" + string.Concat(others.Select(o => $" vs {o.Mode} |")));
            md.AppendLine("|---|" + string.Concat(others.Select(_ => "---:|")));
            for (int g = 0; g < gammas.Count; g++)
            {
                md.AppendLine($"| {Num(gammas[g], "0.##")} |" + string.Concat(others.Select(o => $" {Relative(ad.MeanRobustness[g], o.MeanRobustness[g])} |")));
            }

            md.AppendLine().AppendLine($"Image by image at γ = {Num(gammas[0], "0.##")}: mean of r_AD(E) − r_mode(E), images where AD is ahead / behind / level, "
                + "and the two-sided sign test (small p: the split is unlikely if neither were more robust).");
            md.AppendLine();
            md.AppendLine("| mode | mean difference | AD ahead | AD behind | level | sign test p |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (ModeSummary o in others)
            {
                PairedComparison c = PairedComparison.Of(ad, o, 0);
                md.AppendLine($"| {o.Mode} | {Num(c.MeanDifference, "+0.000;-0.000;0.000")} | {c.Wins} | {c.Losses} | {c.Ties} | {P(c.SignTestP)} |");
            }
        }

        /// <summary>a / b − 1 as a signed percentage; "n/a" when b is 0 or either is NaN.</summary>
        public static string Relative(double a, double b) =>
            double.IsNaN(a) || double.IsNaN(b) || b == 0 ? "n/a" : (100 * (a / b - 1)).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

        public static string P(double p) => p < 0.001 ? "<0.001" : Num(p, "0.000");

        public static string Pct(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        public static string Num(double v, string format = "0.000") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
    }
}
