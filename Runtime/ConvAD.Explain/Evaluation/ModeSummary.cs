using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// One mode's explanations over all images, by one explainer (method): the means and distributions the summary table and
    /// plots show. An evaluation of several methods has one summary per method × mode.
    /// </summary>
    public sealed class ModeSummary
    {
        private ModeSummary(string method, string mode, string label, IReadOnlyList<EvaluationRow> rows, EvaluationColumns columns, IReadOnlyList<double> rhos)
        {
            IReadOnlyList<double> gammas = columns.Gammas;
            Columns = columns;
            Method = method;
            Mode = mode;
            Label = label;
            Rows = rows;
            Gammas = gammas;
            Rhos = rhos;
            Images = rows.Count;
            WithTruth = rows.Count(r => r.Correct != null);
            Correct = rows.Count(r => r.Correct == true);
            Sufficient = rows.Count(r => r.Sufficient);
            Sizes = rows.Select(r => r.Size).ToArray();
            Ratios = rows.Select(r => r.Ratio).ToArray();
            MeanSize = Mean(Sizes);
            MedianSize = Median(Sizes);
            MeanDropOff = Mean(rows.Select(r => r.DropOff));
            MeanRatio = Mean(Ratios);
            MedianRatio = Median(Ratios);
            MeanInsertionAuc = Mean(rows.Select(r => r.InsertionAuc));
            MeanDeletionAuc = Mean(rows.Select(r => r.DeletionAuc));
            MeanSeconds = Mean(rows.Select(r => (r.ExplainMs + r.MetricsMs) / 1000));
            MeanMutants = Mean(rows.Select(r => (double)r.Mutants));
            var meanRobustness = new double[gammas.Count];
            var robustShares = new double[gammas.Count][];
            for (int g = 0; g < gammas.Count; g++)
            {
                double[] r = rows.Select(row => row.Robustness[g]).ToArray();
                meanRobustness[g] = Mean(r);
                robustShares[g] = RobustnessProfile.Shares(r, rhos);
            }

            MeanRobustness = meanRobustness;
            RobustShares = robustShares;
            MeanAbsoluteRobustness = columns.AbsoluteGammas.Select((_, t) => Mean(rows.Select(row => row.AbsoluteRobustness[t]))).ToArray();
            AbsoluteRobustShares = columns.AbsoluteGammas
                .Select((_, t) => (IReadOnlyList<double>)RobustnessProfile.Shares(rows.Select(row => row.AbsoluteRobustness[t]).ToArray(), rhos)).ToArray();
            MeanKindRobustness = columns.Kinds
                .Select((_, k) => (IReadOnlyList<double>)gammas.Select((_, g) => Mean(rows.Select(row => row.KindRobustness[columns.KindIndex(k, g)]))).ToArray())
                .ToArray();
            TopRobustness = columns.TopPercents
                .Select((_, k) => (IReadOnlyList<MeanInterval>)gammas
                    .Select((_, g) => Bootstrap.MeanInterval(rows.Select(row => row.TopRobustness[columns.TopIndex(k, g)]))).ToArray())
                .ToArray();
        }

        /// <summary>The measured columns the rows hold.</summary>
        public EvaluationColumns Columns { get; }

        /// <summary>Mean r(E) per absolute threshold (confidence ≥ γ_abs).</summary>
        public IReadOnlyList<double> MeanAbsoluteRobustness { get; }

        /// <summary>[γ_abs][ρ]: the share of images whose explanation is ρ-robust at absolute threshold γ_abs.</summary>
        public IReadOnlyList<IReadOnlyList<double>> AbsoluteRobustShares { get; }

        /// <summary>[kind][γ]: mean r(E) on each background kind alone.</summary>
        public IReadOnlyList<IReadOnlyList<double>> MeanKindRobustness { get; }

        /// <summary>[k][γ]: mean r of the top-k% of the mode's own ranking, with its 95% percentile-bootstrap interval over images.</summary>
        public IReadOnlyList<IReadOnlyList<MeanInterval>> TopRobustness { get; }

        /// <summary>The mode: <c>ad</c>, <c>layer</c> or a masking value's name.</summary>
        public string Mode { get; }

        /// <summary>The explainer: <c>rex</c> or an attribution method's name (<see cref="EvaluationRow.Method"/>).</summary>
        public string Method { get; }

        /// <summary>
        /// The name tables and charts show: the mode alone when every summary of the evaluation is rex's (so a rex-only summary
        /// reads as before methods existed), else <c>method/mode</c>.
        /// </summary>
        public string Label { get; }

        /// <summary>The mode's rows, one per image.</summary>
        public IReadOnlyList<EvaluationRow> Rows { get; }

        /// <summary>The relative thresholds γ the rows were measured at.</summary>
        public IReadOnlyList<double> Gammas { get; }

        /// <summary>The ρ of the ρ-robustness shares (an explanation is ρ-robust when r(E) ≥ ρ).</summary>
        public IReadOnlyList<double> Rhos { get; }

        /// <summary>Images explained under the mode.</summary>
        public int Images { get; }

        /// <summary>Images whose true class is known.</summary>
        public int WithTruth { get; }

        /// <summary>Of those, the images the model classifies correctly.</summary>
        public int Correct { get; }

        /// <summary>Images whose explanation is sufficient.</summary>
        public int Sufficient { get; }

        /// <summary>Each image's explanation size (share of its pixels), in row order.</summary>
        public IReadOnlyList<double> Sizes { get; }

        /// <summary>P(c|E) / p per image.</summary>
        public IReadOnlyList<double> Ratios { get; }

        /// <summary>Mean explanation size (share of the pixels).</summary>
        public double MeanSize { get; }

        /// <summary>Median explanation size (share of the pixels).</summary>
        public double MedianSize { get; }

        /// <summary>Mean p − P(c | E).</summary>
        public double MeanDropOff { get; }

        /// <summary>Mean P(c | E) / p.</summary>
        public double MeanRatio { get; }

        /// <summary>Median P(c | E) / p.</summary>
        public double MedianRatio { get; }

        /// <summary>Mean area under the insertion curve (higher is better).</summary>
        public double MeanInsertionAuc { get; }

        /// <summary>Mean area under the deletion curve (lower is better).</summary>
        public double MeanDeletionAuc { get; }

        /// <summary>Explanation and measurement, seconds per image.</summary>
        public double MeanSeconds { get; }

        /// <summary>Mean mutants per explanation.</summary>
        public double MeanMutants { get; }

        /// <summary>Mean r(E) per γ.</summary>
        public IReadOnlyList<double> MeanRobustness { get; }

        /// <summary>[γ][ρ]: the share of images whose explanation is ρ-robust at confidence threshold γ.</summary>
        public IReadOnlyList<IReadOnlyList<double>> RobustShares { get; }

        /// <summary>One summary per mode present in <paramref name="rows"/>, in <paramref name="modeOrder"/> (unknown modes last, by name).</summary>
        public static IReadOnlyList<ModeSummary> ByMode(IEnumerable<EvaluationRow> rows, IReadOnlyList<double> gammas, IReadOnlyList<string> modeOrder,
            IReadOnlyList<double>? rhos = null) => ByMode(rows, EvaluationColumns.GammasOnly(gammas), modeOrder, rhos);

        /// <summary>One summary per mode present in <paramref name="rows"/>, with every measured column of <paramref name="columns"/>.</summary>
        public static IReadOnlyList<ModeSummary> ByMode(IEnumerable<EvaluationRow> rows, EvaluationColumns columns, IReadOnlyList<string> modeOrder,
            IReadOnlyList<double>? rhos = null) => ByMethodAndMode(rows, columns, new[] { Explainer.RexMethod }, modeOrder, rhos);

        /// <summary>
        /// One summary per method × mode present in <paramref name="rows"/>: methods in <paramref name="methodOrder"/>, then
        /// modes in <paramref name="modeOrder"/> (unknown ones last, by name).
        /// </summary>
        public static IReadOnlyList<ModeSummary> ByMethodAndMode(IEnumerable<EvaluationRow> rows, EvaluationColumns columns, IReadOnlyList<string> methodOrder,
            IReadOnlyList<string> modeOrder, IReadOnlyList<double>? rhos = null)
        {
            ArgumentNullException.ThrowIfNull(rows);
            ArgumentNullException.ThrowIfNull(columns);
            ArgumentNullException.ThrowIfNull(methodOrder);
            ArgumentNullException.ThrowIfNull(modeOrder);
            rhos ??= RobustnessProfile.DefaultRhos;
            static int Rank(IReadOnlyList<string> order, string name)
            {
                int i = order.ToList().IndexOf(name);
                return i < 0 ? int.MaxValue : i;
            }

            var groups = rows.GroupBy(r => (r.Method, r.Mode))
                .OrderBy(g => Rank(methodOrder, g.Key.Method)).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
                .ThenBy(g => Rank(modeOrder, g.Key.Mode)).ThenBy(g => g.Key.Mode, StringComparer.Ordinal)
                .ToArray();
            bool rexOnly = groups.All(g => g.Key.Method == Explainer.RexMethod);
            return groups
                .Select(g => new ModeSummary(g.Key.Method, g.Key.Mode, rexOnly ? g.Key.Mode : $"{g.Key.Method}/{g.Key.Mode}", g.OrderBy(r => r.ImageIndex).ToArray(),
                    columns, rhos))
                .ToArray();
        }

        /// <summary>The methods of <paramref name="modes"/>, in their order, each with its summaries.</summary>
        public static IReadOnlyList<(string Method, IReadOnlyList<ModeSummary> Modes)> ByMethod(IReadOnlyList<ModeSummary> modes)
        {
            ArgumentNullException.ThrowIfNull(modes);
            return modes.Select(m => m.Method).Distinct(StringComparer.Ordinal)
                .Select(method => (method, (IReadOnlyList<ModeSummary>)modes.Where(m => m.Method == method).ToArray()))
                .ToArray();
        }

        /// <summary>The arithmetic mean, ignoring NaN; NaN when nothing is left.</summary>
        public static double Mean(IEnumerable<double> values)
        {
            double sum = 0;
            int n = 0;
            foreach (double v in values)
            {
                if (!double.IsNaN(v))
                {
                    sum += v;
                    n++;
                }
            }

            return n == 0 ? double.NaN : sum / n;
        }

        /// <summary>The median (mean of the two middle values for an even count), ignoring NaN; NaN when nothing is left.</summary>
        public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

        /// <summary>Linear-interpolation quantile (type 7, as R and NumPy default), ignoring NaN.</summary>
        public static double Quantile(IEnumerable<double> values, double q)
        {
            double[] sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
            if (sorted.Length == 0)
            {
                return double.NaN;
            }

            double h = (sorted.Length - 1) * q;
            int lo = (int)Math.Floor(h);
            int hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
    }
}
