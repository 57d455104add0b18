using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ConvAD.Evaluation
{
    /// <summary>The evaluation's Markdown summary: one table row per mode, the ρ-robustness table per γ, and AD against each other mode.</summary>
    public static class SummaryMarkdown
    {
        /// <summary>The evaluation summary as Markdown: a title, the run's context lines, then one table row per mode and the paired tests between modes.</summary>
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

            AppendAbsolute(md, modes, rhos);
            AppendKinds(md, modes, gammas);
            AppendComparison(md, modes, gammas);
            AppendSizeControlled(md, modes, gammas);
            return md.ToString();
        }

        private static void AppendAbsolute(StringBuilder md, IReadOnlyList<ModeSummary> modes, IReadOnlyList<double> rhos)
        {
            IReadOnlyList<double> thresholds = modes[0].Columns.AbsoluteGammas;
            if (thresholds.Count == 0)
            {
                return;
            }

            md.AppendLine().AppendLine("## Absolute confidence thresholds").AppendLine();
            md.AppendLine("r(E) counting the backgrounds on which c strictly wins with confidence ≥ γ_abs itself (not scaled by p): mean r(E), then the "
                + "share of images ρ-robust at each γ_abs.");
            md.AppendLine();
            md.AppendLine("| mode |" + string.Concat(thresholds.Select(t => $" mean r(E) conf ≥ {Num(t, "0.##")} |")));
            md.AppendLine("|---|" + string.Concat(thresholds.Select(_ => "---:|")));
            foreach (ModeSummary m in modes)
            {
                md.AppendLine($"| {m.Mode} |" + string.Concat(m.MeanAbsoluteRobustness.Select(r => $" {Num(r)} |")));
            }

            AppendAbsoluteSignTests(md, modes, thresholds);
            for (int t = 0; t < thresholds.Count; t++)
            {
                md.AppendLine().AppendLine($"### γ_abs = {Num(thresholds[t], "0.##")}").AppendLine();
                md.AppendLine("| mode |" + string.Concat(rhos.Select(r => $" ρ={Num(r, "0.0")} |")));
                md.AppendLine("|---|" + string.Concat(rhos.Select(_ => "---:|")));
                foreach (ModeSummary m in modes)
                {
                    md.AppendLine($"| {m.Mode} |" + string.Concat(m.AbsoluteRobustShares[t].Select(x => $" {Pct(x)} |")));
                }
            }
        }

        /// <summary>The paper reads its thresholds as absolute confidences, so AD's pairing with each mode is tested there too.</summary>
        private static void AppendAbsoluteSignTests(StringBuilder md, IReadOnlyList<ModeSummary> modes, IReadOnlyList<double> thresholds)
        {
            if (!AdAgainstOthers(modes, out ModeSummary ad, out ModeSummary[] others))
            {
                return;
            }

            md.AppendLine().AppendLine("AD against each mode at each absolute threshold, image by image: mean of r_AD − r_mode, images AD ahead : behind, "
                + "two-sided sign test p.");
            md.AppendLine();
            AppendSignTests(md, ad, others, thresholds.Select(t => $"conf ≥ {Num(t, "0.##")}").ToArray(), t => r => r.AbsoluteRobustness[t]);
        }

        private static void AppendKinds(StringBuilder md, IReadOnlyList<ModeSummary> modes, IReadOnlyList<double> gammas)
        {
            IReadOnlyList<string> kinds = modes[0].Columns.Kinds;
            if (kinds.Count == 0)
            {
                return;
            }

            md.AppendLine().AppendLine("## r(E) per background kind").AppendLine();
            md.AppendLine("Mean r(E) on each kind of background alone (relative γ).");
            for (int g = 0; g < gammas.Count; g++)
            {
                md.AppendLine().AppendLine($"### γ = {Num(gammas[g], "0.##")}").AppendLine();
                md.AppendLine("| mode |" + string.Concat(kinds.Select(k => $" {k} |")));
                md.AppendLine("|---|" + string.Concat(kinds.Select(_ => "---:|")));
                foreach (ModeSummary m in modes)
                {
                    md.AppendLine($"| {m.Mode} |" + string.Concat(m.MeanKindRobustness.Select(r => $" {Num(r[g])} |")));
                }
            }
        }

        private static void AppendSizeControlled(StringBuilder md, IReadOnlyList<ModeSummary> modes, IReadOnlyList<double> gammas)
        {
            EvaluationColumns columns = modes[0].Columns;
            IReadOnlyList<double> ks = columns.TopPercents;
            if (ks.Count == 0)
            {
                return;
            }

            bool paired = AdAgainstOthers(modes, out ModeSummary ad, out ModeSummary[] others);
            md.AppendLine().AppendLine("## Size-controlled robustness").AppendLine();
            md.AppendLine("The top-k% of each mode's own responsibility ranking (⌈k%·H·W⌉ pixels) pasted onto the backgrounds and scored with the plain "
                + $"model (c strictly wins, confidence ≥ γ·p): mean r over images [95% percentile-bootstrap interval, {Bootstrap.DefaultResamples} resamples, "
                + "fixed seed]. Every mode pastes the same number of pixels, so a larger explanation is no advantage here.");
            for (int g = 0; g < gammas.Count; g++)
            {
                md.AppendLine().AppendLine($"### γ = {Num(gammas[g], "0.##")}").AppendLine();
                md.AppendLine("| mode |" + string.Concat(ks.Select(k => $" top {Num(k, "0.##")}% |")));
                md.AppendLine("|---|" + string.Concat(ks.Select(_ => "---:|")));
                foreach (ModeSummary m in modes)
                {
                    md.AppendLine($"| {m.Mode} |" + string.Concat(m.TopRobustness.Select(r => $" {Num(r[g].Mean)} [{Num(r[g].Low)}, {Num(r[g].High)}] |")));
                }

                if (!paired)
                {
                    continue;
                }

                md.AppendLine().AppendLine("AD against each mode, image by image: mean of r_AD − r_mode, images AD ahead : behind, two-sided sign test p.");
                md.AppendLine();
                int gamma = g;
                AppendSignTests(md, ad, others, ks.Select(k => $"top {Num(k, "0.##")}%").ToArray(), k => r => r.TopRobustness[columns.TopIndex(k, gamma)]);
            }
        }

        private static void AppendComparison(StringBuilder md, IReadOnlyList<ModeSummary> modes, IReadOnlyList<double> gammas)
        {
            if (!AdAgainstOthers(modes, out ModeSummary ad, out ModeSummary[] others))
            {
                return;
            }

            md.AppendLine().AppendLine("## AD against each other mode").AppendLine();
            md.AppendLine("Mean r(E) of AD relative to each other mode (masking values and layer masking): AD / mode − 1 (positive: AD's explanations are more robust).");
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

        /// <summary>AD's summary and the other modes': what every image-by-image table pairs. False without AD or without another mode.</summary>
        private static bool AdAgainstOthers(IReadOnlyList<ModeSummary> modes, out ModeSummary ad, out ModeSummary[] others)
        {
            ad = modes.FirstOrDefault(m => m.Mode == "ad")!;
            others = modes.Where(m => m.Mode != "ad").ToArray();
            return ad != null && others.Length > 0;
        }

        /// <summary>
        /// One row per other mode and one cell per column: AD against that mode image by image on the column's value, as the
        /// mean difference, images AD is ahead : behind, and the two-sided sign test p.
        /// </summary>
        private static void AppendSignTests(StringBuilder md, ModeSummary ad, IReadOnlyList<ModeSummary> others, IReadOnlyList<string> headers,
            Func<int, Func<EvaluationRow, double>> column)
        {
            md.AppendLine("| mode |" + string.Concat(headers.Select(h => $" {h} |")));
            md.AppendLine("|---|" + string.Concat(headers.Select(_ => "---:|")));
            foreach (ModeSummary o in others)
            {
                md.Append($"| {o.Mode} |");
                for (int c = 0; c < headers.Count; c++)
                {
                    PairedComparison p = PairedComparison.Of(ad, o, column(c));
                    md.Append($" {Num(p.MeanDifference, "+0.000;-0.000;0.000")} ({p.Wins}:{p.Losses}, p {P(p.SignTestP)}) |");
                }

                md.AppendLine();
            }
        }

        /// <summary>a / b − 1 as a signed percentage; "n/a" when b is 0 or either is NaN.</summary>
        public static string Relative(double a, double b) =>
            double.IsNaN(a) || double.IsNaN(b) || b == 0 ? "n/a" : (100 * (a / b - 1)).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

        /// <summary>A p-value as the tables print it (<c>&lt;0.001</c> below a thousandth).</summary>
        public static string P(double p) => p < 0.001 ? "<0.001" : Num(p, "0.000");

        /// <summary>A share as a percentage with one decimal; <c>n/a</c> for NaN.</summary>
        public static string Pct(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        /// <summary>A number in <paramref name="format"/>, culture-invariant; <c>n/a</c> for NaN.</summary>
        public static string Num(double v, string format = "0.000") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
    }
}
