using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// The measured columns of the evaluation CSV, between the fixed columns: r(E) per relative γ (<c>r_g0.25</c>), per absolute
    /// threshold (<c>r_abs0.25</c>), per background kind and γ (<c>r_g0.25_tiles</c>), and the size-controlled r of the
    /// top-k% of each mode's own ranking per k and γ (<c>r_top10_g0.25</c>), in that order.
    /// </summary>
    public sealed class EvaluationColumns
    {
        /// <summary>Columns for relative thresholds γ, absolute thresholds γ_abs, background kind names and top-k percentages.</summary>
        public EvaluationColumns(IReadOnlyList<double> gammas, IReadOnlyList<double> absoluteGammas, IReadOnlyList<string> kinds, IReadOnlyList<double> topPercents)
        {
            Gammas = gammas ?? throw new ArgumentNullException(nameof(gammas));
            AbsoluteGammas = absoluteGammas ?? throw new ArgumentNullException(nameof(absoluteGammas));
            Kinds = kinds ?? throw new ArgumentNullException(nameof(kinds));
            TopPercents = topPercents ?? throw new ArgumentNullException(nameof(topPercents));
        }

        /// <summary>The relative thresholds γ (r(E) counts a background when P(c|E on it) ≥ γ·P(c|x)).</summary>
        public IReadOnlyList<double> Gammas { get; }

        /// <summary>The absolute thresholds γ_abs (r(E) counts a background when P(c|E on it) ≥ γ_abs).</summary>
        public IReadOnlyList<double> AbsoluteGammas { get; }

        /// <summary>Background kind names (<see cref="BackgroundKinds.Name"/>), in the order of the set.</summary>
        public IReadOnlyList<string> Kinds { get; }

        /// <summary>The k of the size-controlled columns: the top k% of each mode's own responsibility ranking.</summary>
        public IReadOnlyList<double> TopPercents { get; }

        /// <summary>
        /// Whether the CSV has a <c>method</c> column (before <c>mode</c>): written when a run compares explainers, left out when
        /// it runs rex alone, so such a run's files are those of a run before methods existed (and those read as rex).
        /// </summary>
        public bool MethodColumn { get; init; }

        /// <summary>Columns with only r per γ (tables and rows built by hand; a CSV needs every group).</summary>
        public static EvaluationColumns GammasOnly(IReadOnlyList<double> gammas) =>
            new(gammas, Array.Empty<double>(), Array.Empty<string>(), Array.Empty<double>());

        /// <summary>How many measured columns there are.</summary>
        public int Count => Gammas.Count * (1 + Kinds.Count + TopPercents.Count) + AbsoluteGammas.Count;

        /// <summary>The measured columns' CSV names, in the CSV's order.</summary>
        public IEnumerable<string> Names()
        {
            foreach (double g in Gammas)
            {
                yield return "r_g" + Num(g);
            }

            foreach (double t in AbsoluteGammas)
            {
                yield return "r_abs" + Num(t);
            }

            foreach (string kind in Kinds)
            {
                foreach (double g in Gammas)
                {
                    yield return $"r_g{Num(g)}_{kind}";
                }
            }

            foreach (double k in TopPercents)
            {
                foreach (double g in Gammas)
                {
                    yield return $"r_top{Num(k)}_g{Num(g)}";
                }
            }
        }

        /// <summary>The columns that <paramref name="names"/> spell (in this class's order), or null when they are not such a list.</summary>
        public static EvaluationColumns? TryParse(IReadOnlyList<string> names)
        {
            ArgumentNullException.ThrowIfNull(names);
            var gammas = new List<double>();
            var absolute = new List<double>();
            var kinds = new List<string>();
            var top = new List<double>();
            foreach (string name in names)
            {
                if (name.StartsWith("r_top", StringComparison.Ordinal) && name.IndexOf("_g", 5, StringComparison.Ordinal) is int at and > 5)
                {
                    if (!TryNum(name[5..at], out double k))
                    {
                        return null;
                    }

                    AddOnce(top, k);
                }
                else if (name.StartsWith("r_abs", StringComparison.Ordinal))
                {
                    if (!TryNum(name[5..], out double t))
                    {
                        return null;
                    }

                    AddOnce(absolute, t);
                }
                else if (name.StartsWith("r_g", StringComparison.Ordinal))
                {
                    int underscore = name.IndexOf('_', 3);
                    if (underscore > 0)
                    {
                        string kind = name[(underscore + 1)..];
                        if (!kinds.Contains(kind))
                        {
                            kinds.Add(kind);
                        }
                    }
                    else if (TryNum(name[3..], out double g))
                    {
                        gammas.Add(g);
                    }
                    else
                    {
                        return null;
                    }
                }
                else
                {
                    return null;
                }
            }

            var columns = new EvaluationColumns(gammas, absolute, kinds, top);
            return columns.Names().SequenceEqual(names, StringComparer.Ordinal) ? columns : null;
        }

        /// <summary>Whether every group of the fair protocol is present (a CSV of an earlier protocol lacks some).</summary>
        public bool IsComplete => Gammas.Count > 0 && AbsoluteGammas.Count > 0 && Kinds.Count > 0 && TopPercents.Count > 0;

        /// <summary>Whether the two sets of columns name the same columns in the same order (two CSVs can then be merged).</summary>
        public bool SameAs(EvaluationColumns other)
        {
            ArgumentNullException.ThrowIfNull(other);
            return MethodColumn == other.MethodColumn && Names().SequenceEqual(other.Names(), StringComparer.Ordinal);
        }

        /// <summary>Index into <see cref="EvaluationRow.KindRobustness"/> of kind <paramref name="kind"/> at γ index <paramref name="gamma"/>.</summary>
        public int KindIndex(int kind, int gamma) => kind * Gammas.Count + gamma;

        /// <summary>Index into <see cref="EvaluationRow.TopRobustness"/> of k index <paramref name="k"/> at γ index <paramref name="gamma"/>.</summary>
        public int TopIndex(int k, int gamma) => k * Gammas.Count + gamma;

        /// <summary>A number in round-trip form, culture-invariant, as the CSV writes it.</summary>
        public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        private static bool TryNum(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);

        private static void AddOnce(List<double> list, double v)
        {
            if (!list.Contains(v))
            {
                list.Add(v);
            }
        }
    }
}
