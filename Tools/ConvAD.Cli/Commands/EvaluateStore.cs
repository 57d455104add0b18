using System.Globalization;
using System.Text;
using ConvAD.Evaluation;
using ConvAD.Rendering;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// An evaluation folder's rows (rows.csv) and done-list (done.txt). An image's rows are appended and flushed first, then its
    /// name goes on the done-list, so after any interruption an image counts as finished only if it is on the done-list and the
    /// CSV holds a readable row for each mode; anything else about it is dropped and it is explained again.
    /// </summary>
    public sealed class EvaluateStore
    {
        public const string RowsFile = "rows.csv";
        public const string DoneFile = "done.txt";

        private readonly string _folder;

        private EvaluateStore(string folder, List<EvaluationRow> rows, HashSet<string> done)
        {
            _folder = folder;
            Rows = rows;
            Done = done;
        }

        /// <summary>The rows of finished images, in the order they were written.</summary>
        public List<EvaluationRow> Rows { get; }

        /// <summary>The names of finished images.</summary>
        public HashSet<string> Done { get; }

        public string RowsPath => Path.Combine(_folder, RowsFile);

        /// <summary>
        /// Opens a folder for a run of <paramref name="methods"/> × <paramref name="modes"/>: keeps what is finished, rewrites both files
        /// without the rest, and reports how many images and unreadable lines were dropped.
        /// </summary>
        public static (EvaluateStore Store, int DroppedImages, int UnreadableLines) Open(string folder, EvaluationColumns columns, IReadOnlyList<string> methods,
            IReadOnlyList<string> modes)
        {
            (List<EvaluationRow> rows, HashSet<string> finished, int unreadable) = ReadFinished(folder, columns, methods, modes, out int dropped);
            var store = new EvaluateStore(folder, rows, finished);
            AtomicFile.Write(store.RowsPath, s =>
            {
                using var w = new StreamWriter(s, new UTF8Encoding(false));
                EvaluationCsv.Write(w, columns, rows);
            });
            AtomicFile.Write(Path.Combine(folder, DoneFile), s =>
            {
                using var w = new StreamWriter(s, new UTF8Encoding(false));
                foreach (string id in rows.Select(r => r.Image).Distinct())
                {
                    w.WriteLine(id);
                }
            });
            return (store, dropped, unreadable);
        }

        /// <summary>The finished rows of a folder without changing it (for merges).</summary>
        public static List<EvaluationRow> ReadFinished(string folder, EvaluationColumns columns, IReadOnlyList<string> methods, IReadOnlyList<string> modes)
        {
            if (!File.Exists(Path.Combine(folder, RowsFile)))
            {
                throw new FileNotFoundException($"no {RowsFile} in {folder}: not an evaluation folder");
            }

            return ReadFinished(folder, columns, methods, modes, out _).Rows;
        }

        /// <summary>Appends one image's rows (one per method × mode), then marks it done; each step flushed to disk before the next.</summary>
        public void Append(string image, IReadOnlyList<EvaluationRow> rows, bool methodColumn)
        {
            using (var csv = new FileStream(RowsPath, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => EvaluationCsv.Format(r, methodColumn) + "\n")));
                csv.Write(bytes);
                csv.Flush(flushToDisk: true);
            }

            using (var done = new FileStream(Path.Combine(_folder, DoneFile), FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                done.Write(Encoding.UTF8.GetBytes(image + "\n"));
                done.Flush(flushToDisk: true);
            }

            Rows.AddRange(rows);
            Done.Add(image);
        }

        private static (List<EvaluationRow> Rows, HashSet<string> Done, int Unreadable) ReadFinished(string folder, EvaluationColumns columns,
            IReadOnlyList<string> methods, IReadOnlyList<string> modes, out int droppedImages)
        {
            string rowsPath = Path.Combine(folder, RowsFile), donePath = Path.Combine(folder, DoneFile);
            var listed = File.Exists(donePath)
                ? new HashSet<string>(File.ReadAllLines(donePath).Where(l => l.Length > 0), StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            if (!File.Exists(rowsPath))
            {
                droppedImages = listed.Count;
                return (new List<EvaluationRow>(), new HashSet<string>(StringComparer.Ordinal), 0);
            }

            (EvaluationColumns fileColumns, List<EvaluationRow> all, int unreadable) = EvaluationCsv.Read(rowsPath);
            if (!fileColumns.SameAs(columns))
            {
                throw new InvalidOperationException($"{rowsPath} has other columns ({string.Join(",", fileColumns.Names())}) than this run asks for: "
                    + "use another --out folder");
            }

            // An image is finished when it is on the done-list and exactly one row per method × mode survived.
            var finished = all.GroupBy(r => r.Image)
                .Where(g => listed.Contains(g.Key) && g.Count() == methods.Count * modes.Count
                    && methods.All(x => modes.All(m => g.Count(r => r.Method == x && r.Mode == m) == 1)))
                .Select(g => g.Key)
                .ToHashSet(StringComparer.Ordinal);
            droppedImages = all.Select(r => r.Image).Concat(listed).Distinct().Count(i => !finished.Contains(i));
            return (all.Where(r => finished.Contains(r.Image)).ToList(), finished, unreadable);
        }
    }
}
