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
                md.Append($"| {m.Label} | {m.Images} | {correct} | {m.Sufficient}/{m.Images} | {Pct(m.MeanSize)} | {Pct(m.MedianSize)} | {Num(m.MeanRatio)} | {Num(m.MeanDropOff)} |");
                md.Append(string.Concat(m.MeanRobustness.Select(r => $" {Num(r)} |")));
                md.AppendLine($" {Num(m.MeanInsertionAuc)} | {Num(m.MeanDeletionAuc)} | {Num(m.MeanMutants, "0")} | {Num(m.MeanSeconds, "0.00")} |");
            }

            AppendMethods(md, modes);
            md.AppendLine().AppendLine("## ρ-robustness").AppendLine();
            md.AppendLine("Share of images whose explanation is ρ-robust, r(E) ≥ ρ (ρ = 0 holds for every image by definition).");
            for (int g = 0; g < gammas.Count; g++)
            {
                md.AppendLine().AppendLine($"### γ = {Num(gammas[g], "0.##")}").AppendLine();
                md.AppendLine("| mode |" + string.Concat(rhos.Select(r => $" ρ={Num(r, "0.0")} |")) + " mean r(E) |");
                md.AppendLine("|---|" + string.Concat(rhos.Select(_ => "---:|")) + "---:|");
                foreach (ModeSummary m in modes)
                {
                    md.AppendLine($"| {m.Label} |" + string.Concat(m.RobustShares[g].Select(s => $" {Pct(s)} |")) + $" {Num(m.MeanRobustness[g])} |");
                }
            }

            AppendAbsolute(md, modes, rhos);
            AppendKinds(md, modes, gammas);
            AppendComparison(md, modes, gammas);
            AppendSizeControlled(md, modes, gammas);
            return md.ToString();
        }

        /// <summary>In an evaluation of several methods, each method's cost: its explanations' wall time and mutants over all modes.</summary>
        private static void AppendMethods(StringBuilder md, IReadOnlyList<ModeSummary> modes)
        {
            if (!ByMethod(modes))
            {
                return;
            }

            md.AppendLine().AppendLine("## Methods").AppendLine();
            md.AppendLine("Each explainer over all its modes: explanations (images × modes), mean mutants and mean wall time of one explanation (the "
                + "search or the attribution's masks, then the extraction; the metrics are not included), and the total.");
            md.AppendLine();
            md.AppendLine("| method | explanations | mutants mean | explain s mean | explain s total |");
            md.AppendLine("|---|---:|---:|---:|---:|");
            foreach ((string method, IReadOnlyList<ModeSummary> group) in ModeSummary.ByMethod(modes))
            {
                EvaluationRow[] rows = group.SelectMany(m => m.Rows).ToArray();
                md.AppendLine($"| {method} | {rows.Length} | {Num(ModeSummary.Mean(rows.Select(r => (double)r.Mutants)), "0")} | "
                    + $"{Num(ModeSummary.Mean(rows.Select(r => r.ExplainMs / 1000)), "0.00")} | {Num(rows.Sum(r => r.ExplainMs) / 1000, "0.0")} |");
            }
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
                md.AppendLine($"| {m.Label} |" + string.Concat(m.MeanAbsoluteRobustness.Select(r => $" {Num(r)} |")));
            }

            AppendAbsoluteSignTests(md, modes, thresholds);
            for (int t = 0; t < thresholds.Count; t++)
            {
                md.AppendLine().AppendLine($"### γ_abs = {Num(thresholds[t], "0.##")}").AppendLine();
                md.AppendLine("| mode |" + string.Concat(rhos.Select(r => $" ρ={Num(r, "0.0")} |")));
                md.AppendLine("|---|" + string.Concat(rhos.Select(_ => "---:|")));
                foreach (ModeSummary m in modes)
                {
                    md.AppendLine($"| {m.Label} |" + string.Concat(m.AbsoluteRobustShares[t].Select(x => $" {Pct(x)} |")));
                }
            }
        }

        /// <summary>The paper reads its thresholds as absolute confidences, so AD's pairing with each mode is tested there too.</summary>
        private static void AppendAbsoluteSignTests(StringBuilder md, IReadOnlyList<ModeSummary> modes, IReadOnlyList<double> thresholds)
        {
            var pairs = AdAgainstOthers(modes);
            if (pairs.Count == 0)
            {
                return;
            }

            md.AppendLine().AppendLine("AD against each mode at each absolute threshold, image by image: mean of r_AD − r_mode, images AD ahead : behind, "
                + "two-sided sign test p.");
            foreach ((ModeSummary ad, ModeSummary[] others) in pairs)
            {
                md.AppendLine();
                AppendMethodLine(md, modes, ad);
                AppendSignTests(md, ad, others, thresholds.Select(t => $"conf ≥ {Num(t, "0.##")}").ToArray(), t => r => r.AbsoluteRobustness[t]);
            }
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
                    md.AppendLine($"| {m.Label} |" + string.Concat(m.MeanKindRobustness.Select(r => $" {Num(r[g])} |")));
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

            var pairs = AdAgainstOthers(modes);
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
                    md.AppendLine($"| {m.Label} |" + string.Concat(m.TopRobustness.Select(r => $" {Num(r[g].Mean)} [{Num(r[g].Low)}, {Num(r[g].High)}] |")));
                }

                if (pairs.Count == 0)
                {
                    continue;
                }

                md.AppendLine().AppendLine("AD against each mode, image by image: mean of r_AD − r_mode, images AD ahead : behind, two-sided sign test p.");
                int gamma = g;
                foreach ((ModeSummary ad, ModeSummary[] others) in pairs)
                {
                    md.AppendLine();
                    AppendMethodLine(md, modes, ad);
                    AppendSignTests(md, ad, others, ks.Select(k => $"top {Num(k, "0.##")}%").ToArray(), k => r => r.TopRobustness[columns.TopIndex(k, gamma)]);
                }
            }
        }

        private static void AppendComparison(StringBuilder md, IReadOnlyList<ModeSummary> modes, IReadOnlyList<double> gammas)
        {
            var pairs = AdAgainstOthers(modes);
            if (pairs.Count == 0)
            {
                return;
            }

            md.AppendLine().AppendLine("## AD against each other mode").AppendLine();
            md.Append("Mean r(E) of AD relative to each other mode (masking values and layer masking): AD / mode − 1 (positive: AD's explanations are more robust).");
            md.AppendLine(ByMethod(modes) ? " Each method's AD against the same method's other modes." : "");
            foreach ((ModeSummary ad, ModeSummary[] others) in pairs)
            {
                md.AppendLine();
                AppendMethodLine(md, modes, ad);
                md.AppendLine("| γ |" + string.Concat(others.Select(o => $" vs {o.Label} |")));
                md.AppendLine("|---|" + string.Concat(others.Select(_ => "---:|")));
                for (int g = 0; g < gammas.Count; g++)
                {
                    md.AppendLine($"| {Num(gammas[g], "0.##")} |" + string.Concat(others.Select(o => $" {Relative(ad.MeanRobustness[g], o.MeanRobustness[g])} |")));
                }
            }

            md.AppendLine().AppendLine($"Image by image at γ = {Num(gammas[0], "0.##")}: mean of r_AD(E) − r_mode(E), images where AD is ahead / behind / level, "
                + "and the two-sided sign test (small p: the split is unlikely if neither were more robust).");
            foreach ((ModeSummary ad, ModeSummary[] others) in pairs)
            {
                md.AppendLine();
                AppendMethodLine(md, modes, ad);
                md.AppendLine("| mode | mean difference | AD ahead | AD behind | level | sign test p |");
                md.AppendLine("|---|---:|---:|---:|---:|---:|");
                foreach (ModeSummary o in others)
                {
                    PairedComparison c = PairedComparison.Of(ad, o, 0);
                    md.AppendLine($"| {o.Label} | {Num(c.MeanDifference, "+0.000;-0.000;0.000")} | {c.Wins} | {c.Losses} | {c.Ties} | {P(c.SignTestP)} |");
                }
            }
        }

        /// <summary>
        /// Each method's AD summary and the same method's other modes: what every image-by-image table pairs (AD is never paired
        /// with another method's explanations). Empty without AD or without another mode.
        /// </summary>
        private static IReadOnlyList<(ModeSummary Ad, ModeSummary[] Others)> AdAgainstOthers(IReadOnlyList<ModeSummary> modes) =>
            ModeSummary.ByMethod(modes)
                .Select(g => (Ad: g.Modes.FirstOrDefault(m => m.Mode == "ad"), Others: g.Modes.Where(m => m.Mode != "ad").ToArray()))
                .Where(p => p.Ad != null && p.Others.Length > 0)
                .Select(p => (p.Ad!, p.Others))
                .ToArray();

        /// <summary>Whether the summaries come from more than one method (each paired table then says whose it is).</summary>
        private static bool ByMethod(IReadOnlyList<ModeSummary> modes) => modes.Select(m => m.Method).Distinct(StringComparer.Ordinal).Count() > 1;

        /// <summary>In an evaluation of several methods, the line that says which method's AD the next table pairs.</summary>
        private static void AppendMethodLine(StringBuilder md, IReadOnlyList<ModeSummary> modes, ModeSummary ad)
        {
            if (ByMethod(modes))
            {
                md.AppendLine($"**{ad.Method}** ({ad.Label} against {ad.Method}'s other modes):").AppendLine();
            }
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
                md.Append($"| {o.Label} |");
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
