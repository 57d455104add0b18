using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// The evaluation CSV: a header naming the measured columns (<see cref="EvaluationColumns"/>: r_g0.25, r_abs0.25, r_g0.25_tiles, r_top10_g0.25…), then one row per image × mode. Numbers are written
    /// in round-trip form, so a summary computed from the file equals one computed from the rows in memory.
    /// </summary>
    public static class EvaluationCsv
    {
        /// <summary>The prefix of the r-per-γ columns (<c>r_g0.25</c>).</summary>
        public const string RobustnessPrefix = "r_g";

        /// <summary>Columns that measure the machine, not the explanation: they differ between two runs of the same settings.</summary>
        public static readonly IReadOnlyList<string> TimingColumns = new[] { "explain_ms", "metrics_ms" };

        private static readonly string[] Before =
        {
            "image_index", "image", "true_class", "mode", "threshold", "target", "target_label", "correct", "p", "area", "size", "p_explanation",
            "drop_off", "ratio", "sufficient", "sufficiency",
        };

        // The method column goes before "mode", only in the CSV of a run that compares explainers (EvaluationColumns.MethodColumn).
        private const string MethodName = "method";
        private const int MethodAt = 3;

        private static readonly string[] After = { "insertion_auc", "deletion_auc", "mutants", "engine_calls", "explain_ms", "metrics_ms" };

        /// <summary>The CSV's header line for these measured columns.</summary>
        public static string Header(EvaluationColumns columns)
        {
            ArgumentNullException.ThrowIfNull(columns);
            return CsvLine.Join(Fixed(columns.MethodColumn).Concat(columns.Names()).Concat(After));
        }

        private static string[] Fixed(bool methodColumn) =>
            methodColumn ? Before.Take(MethodAt).Append(MethodName).Concat(Before.Skip(MethodAt)).ToArray() : Before;

        /// <summary>One row as a CSV line, numbers in round-trip form (no method column: a rex-only run's CSV).</summary>
        public static string Format(EvaluationRow row) => Format(row, methodColumn: false);

        /// <summary>One row as a CSV line, numbers in round-trip form, with the method column when <paramref name="methodColumn"/>.</summary>
        public static string Format(EvaluationRow row, bool methodColumn)
        {
            ArgumentNullException.ThrowIfNull(row);
            var fields = new List<string>
            {
                Int(row.ImageIndex), row.Image, row.TrueClass is int t ? Int(t) : "", row.Mode, row.Threshold, Int(row.Target), row.TargetLabel,
                row.Correct is bool c ? (c ? "1" : "0") : "", Num(row.Confidence), Int(row.Area), Num(row.Size), Num(row.ExplanationConfidence),
                Num(row.DropOff), Num(row.Ratio), row.Sufficient ? "1" : "0", row.Sufficiency.Name(),
            };
            if (methodColumn)
            {
                fields.Insert(MethodAt, row.Method);
            }

            fields.AddRange(row.Robustness.Select(Num));
            fields.AddRange(row.AbsoluteRobustness.Select(Num));
            fields.AddRange(row.KindRobustness.Select(Num));
            fields.AddRange(row.TopRobustness.Select(Num));
            fields.AddRange(new[] { Num(row.InsertionAuc), Num(row.DeletionAuc), Int(row.Mutants), Int(row.EngineCalls), Num(row.ExplainMs), Num(row.MetricsMs) });
            return CsvLine.Join(fields);
        }

        /// <summary>The measured columns a header names.</summary>
        /// <exception cref="FormatException">The line is not this CSV's header, or one written before the fair protocol.</exception>
        public static EvaluationColumns ParseHeader(string header)
        {
            List<string> names = CsvLine.Split(header) ?? throw new FormatException("the CSV header is cut short");
            bool method = names.Count > MethodAt && names[MethodAt] == MethodName;
            string[] before = Fixed(method);
            int measured = names.Count - before.Length - After.Length;
            EvaluationColumns? columns = measured < 1 || !names.Take(before.Length).SequenceEqual(before) || !names.Skip(before.Length + measured).SequenceEqual(After)
                ? null
                : EvaluationColumns.TryParse(names.Skip(before.Length).Take(measured).ToArray());
            if (columns == null || columns.Gammas.Count == 0)
            {
                throw new FormatException("not an evaluation CSV header: " + header);
            }

            if (!columns.IsComplete)
            {
                throw new FormatException("this CSV was written before the fair protocol (no absolute-threshold, per-background-kind or top-k% columns); "
                    + "its numbers are not comparable: rerun the evaluation into a new --out folder");
            }

            return new EvaluationColumns(columns.Gammas, columns.AbsoluteGammas, columns.Kinds, columns.TopPercents) { MethodColumn = method };
        }

        /// <summary>
        /// One row, or null when the line is incomplete or malformed (the tail of an interrupted write). Without a method column
        /// (<see cref="EvaluationColumns.MethodColumn"/>) the row's method is rex, the only explainer such files were written by.
        /// </summary>
        public static EvaluationRow? TryParse(string line, EvaluationColumns columns)
        {
            ArgumentNullException.ThrowIfNull(columns);
            List<string>? f = CsvLine.Split(line);
            if (f == null || f.Count != Fixed(columns.MethodColumn).Length + columns.Count + After.Length)
            {
                return null;
            }

            string method = Explainer.RexMethod;
            if (columns.MethodColumn)
            {
                method = f[MethodAt];
                f.RemoveAt(MethodAt);
                if (method.Length == 0)
                {
                    return null;
                }
            }

            try
            {
                int g = columns.Gammas.Count, abs = columns.AbsoluteGammas.Count, kinds = columns.Kinds.Count * g, top = columns.TopPercents.Count * g;
                int a = Before.Length + columns.Count;
                double[] Take(int from, int count) => f.Skip(from).Take(count).Select(ParseNum).ToArray();
                return new EvaluationRow
                {
                    ImageIndex = ParseInt(f[0]),
                    Image = f[1],
                    Method = method,
                    TrueClass = f[2].Length == 0 ? null : ParseInt(f[2]),
                    Mode = f[3],
                    Threshold = f[4],
                    Target = ParseInt(f[5]),
                    TargetLabel = f[6],
                    Confidence = ParseNum(f[8]),
                    Area = ParseInt(f[9]),
                    Size = ParseNum(f[10]),
                    ExplanationConfidence = ParseNum(f[11]),
                    Sufficiency = SufficiencyNames.TryParse(f[15], out Sufficiency sufficiency) && (sufficiency == Sufficiency.Sufficient) == (f[14] == "1")
                        ? sufficiency
                        : throw new FormatException("sufficient and sufficiency disagree: " + line),
                    Robustness = Take(Before.Length, g),
                    AbsoluteRobustness = Take(Before.Length + g, abs),
                    KindRobustness = Take(Before.Length + g + abs, kinds),
                    TopRobustness = Take(Before.Length + g + abs + kinds, top),
                    InsertionAuc = ParseNum(f[a]),
                    DeletionAuc = ParseNum(f[a + 1]),
                    Mutants = ParseInt(f[a + 2]),
                    EngineCalls = ParseInt(f[a + 3]),
                    ExplainMs = ParseNum(f[a + 4]),
                    MetricsMs = ParseNum(f[a + 5]),
                };
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>Writes a whole file (header and rows).</summary>
        public static void Write(TextWriter writer, EvaluationColumns columns, IEnumerable<EvaluationRow> rows)
        {
            writer.WriteLine(Header(columns));
            foreach (EvaluationRow row in rows)
            {
                writer.WriteLine(Format(row, columns.MethodColumn));
            }
        }

        /// <summary>Reads a file: its columns, its complete rows, and how many lines could not be read (a cut-short tail).</summary>
        /// <exception cref="FormatException">Not an evaluation CSV, or one from before the fair protocol.</exception>
        public static (EvaluationColumns Columns, List<EvaluationRow> Rows, int Unreadable) Read(string path)
        {
            string[] lines = File.ReadAllLines(path);
            if (lines.Length == 0)
            {
                throw new FormatException($"{path} is empty: not an evaluation CSV");
            }

            EvaluationColumns columns;
            try
            {
                columns = ParseHeader(lines[0]);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path}: {e.Message}", e);
            }

            var rows = new List<EvaluationRow>();
            int unreadable = 0;
            foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
            {
                EvaluationRow? row = TryParse(line, columns);
                if (row == null)
                {
                    unreadable++;
                }
                else
                {
                    rows.Add(row);
                }
            }

            return (columns, rows, unreadable);
        }

        /// <summary>A row without its timing columns: what two runs of the same settings must agree on.</summary>
        public static string FormatWithoutTimings(EvaluationRow row) => FormatWithoutTimings(row, methodColumn: false);

        /// <summary>A row without its timing columns, with the method column when <paramref name="methodColumn"/>.</summary>
        public static string FormatWithoutTimings(EvaluationRow row, bool methodColumn) => Format(row with { ExplainMs = 0, MetricsMs = 0 }, methodColumn);

        private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

        private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        private static int ParseInt(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

        private static double ParseNum(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
