using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// The evaluation CSV: a header naming the γ columns (r_g0, r_g0.25…), then one row per image × mode. Numbers are written
    /// in round-trip form, so a summary computed from the file equals one computed from the rows in memory.
    /// </summary>
    public static class EvaluationCsv
    {
        public const string RobustnessPrefix = "r_g";

        /// <summary>Columns that measure the machine, not the explanation: they differ between two runs of the same settings.</summary>
        public static readonly IReadOnlyList<string> TimingColumns = new[] { "explain_ms", "metrics_ms" };

        private static readonly string[] Before =
        {
            "image_index", "image", "true_class", "mode", "threshold", "target", "target_label", "correct", "p", "area", "size", "p_explanation",
            "drop_off", "ratio", "sufficient", "sufficiency",
        };

        private static readonly string[] After = { "insertion_auc", "deletion_auc", "mutants", "engine_calls", "explain_ms", "metrics_ms" };

        public static string Header(IReadOnlyList<double> gammas) =>
            CsvLine.Join(Before.Concat(gammas.Select(g => RobustnessPrefix + Num(g))).Concat(After));

        public static string Format(EvaluationRow row)
        {
            ArgumentNullException.ThrowIfNull(row);
            var fields = new List<string>
            {
                Int(row.ImageIndex), row.Image, row.TrueClass is int t ? Int(t) : "", row.Mode, row.Threshold, Int(row.Target), row.TargetLabel,
                row.Correct is bool c ? (c ? "1" : "0") : "", Num(row.Confidence), Int(row.Area), Num(row.Size), Num(row.ExplanationConfidence),
                Num(row.DropOff), Num(row.Ratio), row.Sufficient ? "1" : "0", row.Sufficiency.Name(),
            };
            fields.AddRange(row.Robustness.Select(Num));
            fields.AddRange(new[] { Num(row.InsertionAuc), Num(row.DeletionAuc), Int(row.Mutants), Int(row.EngineCalls), Num(row.ExplainMs), Num(row.MetricsMs) });
            return CsvLine.Join(fields);
        }

        /// <summary>The γ list a header names.</summary>
        /// <exception cref="FormatException">The line is not this CSV's header.</exception>
        public static double[] ParseHeader(string header)
        {
            List<string> names = CsvLine.Split(header) ?? throw new FormatException("the CSV header is cut short");
            int gammas = names.Count - Before.Length - After.Length;
            if (gammas < 1 || !names.Take(Before.Length).SequenceEqual(Before) || !names.Skip(Before.Length + gammas).SequenceEqual(After)
                || names.Skip(Before.Length).Take(gammas).Any(n => !n.StartsWith(RobustnessPrefix, StringComparison.Ordinal)))
            {
                throw new FormatException("not an evaluation CSV header: " + header);
            }

            return names.Skip(Before.Length).Take(gammas).Select(n => ParseNum(n.Substring(RobustnessPrefix.Length))).ToArray();
        }

        /// <summary>One row, or null when the line is incomplete or malformed (the tail of an interrupted write).</summary>
        public static EvaluationRow? TryParse(string line, int gammaCount)
        {
            List<string>? f = CsvLine.Split(line);
            if (f == null || f.Count != Before.Length + gammaCount + After.Length)
            {
                return null;
            }

            try
            {
                int a = Before.Length + gammaCount;
                return new EvaluationRow
                {
                    ImageIndex = ParseInt(f[0]),
                    Image = f[1],
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
                    Robustness = f.Skip(Before.Length).Take(gammaCount).Select(ParseNum).ToArray(),
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
        public static void Write(TextWriter writer, IReadOnlyList<double> gammas, IEnumerable<EvaluationRow> rows)
        {
            writer.WriteLine(Header(gammas));
            foreach (EvaluationRow row in rows)
            {
                writer.WriteLine(Format(row));
            }
        }

        /// <summary>Reads a file: its γ list, its complete rows, and how many lines could not be read (a cut-short tail).</summary>
        public static (double[] Gammas, List<EvaluationRow> Rows, int Unreadable) Read(string path)
        {
            string[] lines = File.ReadAllLines(path);
            if (lines.Length == 0)
            {
                throw new FormatException($"{path} is empty: not an evaluation CSV");
            }

            double[] gammas = ParseHeader(lines[0]);
            var rows = new List<EvaluationRow>();
            int unreadable = 0;
            foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
            {
                EvaluationRow? row = TryParse(line, gammas.Length);
                if (row == null)
                {
                    unreadable++;
                }
                else
                {
                    rows.Add(row);
                }
            }

            return (gammas, rows, unreadable);
        }

        /// <summary>A row without its timing columns: what two runs of the same settings must agree on.</summary>
        public static string FormatWithoutTimings(EvaluationRow row) => Format(row with { ExplainMs = 0, MetricsMs = 0 });

        private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

        private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        private static int ParseInt(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

        private static double ParseNum(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
