using System.Globalization;
using System.Text;
using ConvAD.Evaluation;
using ConvAD.Rendering;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// <c>convad evaluate merge DIR…</c>: joins the shards of one evaluation (same settings, distinct shard numbers) into one
    /// folder whose rows, summary and plots are those an unsharded run would have written.
    /// </summary>
    public static class EvaluateMerge
    {
        public static int Run(CliConsole console, string[] folders, string output)
        {
            if (folders.Length == 0)
            {
                throw new CliUsageException("merge needs at least one evaluation folder");
            }

            var shards = new List<(string Folder, EvaluateSettings Settings)>();
            foreach (string folder in folders)
            {
                EvaluateSettings settings = EvaluateSettings.TryLoad(folder)
                    ?? throw new FileNotFoundException($"no {EvaluateSettings.FileName} in {folder}: not an evaluation folder");
                if (!settings.IsFairProtocol)
                {
                    // A folder of another protocol is bad input, not a wrong command line.
                    throw new InvalidDataException($"{folder} holds an evaluation of an earlier protocol (no background kinds, absolute thresholds or top-k% "
                        + "columns); its numbers are not comparable: rerun it");
                }

                if (shards.Count > 0 && shards[0].Settings.Differences(settings, ignoreShard: true) is { Count: > 0 } differ)
                {
                    throw new CliUsageException($"{folder} was run with other settings than {shards[0].Folder} ({string.Join(", ", differ)}): only shards of one evaluation merge");
                }

                if (shards.Any(s => s.Settings.ShardIndex == settings.ShardIndex))
                {
                    throw new CliUsageException($"{folder} is shard {settings.Shard}, like {shards.First(s => s.Settings.ShardIndex == settings.ShardIndex).Folder}");
                }

                shards.Add((folder, settings));
            }

            EvaluateSettings first = shards[0].Settings;
            var rows = new List<EvaluationRow>();
            foreach ((string folder, EvaluateSettings settings) in shards)
            {
                rows.AddRange(EvaluateStore.ReadFinished(folder, settings.Columns(), settings.RunMethods(), settings.Modes));
            }

            if (rows.GroupBy(r => (r.Image, r.Method, r.Mode)).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                string what = first.Methods != null ? $"{duplicate.Key.Method}/{duplicate.Key.Mode}" : duplicate.Key.Mode;
                throw new CliUsageException($"{duplicate.Key.Image} ({what}) appears in more than one folder");
            }

            // The merge is a run of all shards: shard 1/1, and the largest limit any shard used.
            EvaluateSettings merged = first with
            {
                ShardIndex = 1,
                ShardCount = 1,
                Limit = shards.Any(s => s.Settings.Limit == null) ? null : shards.Max(s => s.Settings.Limit),
            };
            List<EvaluationRow> ordered = EvaluateRun.Ordered(rows, merged);
            Directory.CreateDirectory(output);
            merged.Save(output);
            AtomicFile.Write(Path.Combine(output, EvaluateStore.RowsFile), s =>
            {
                using var w = new StreamWriter(s, new UTF8Encoding(false));
                EvaluationCsv.Write(w, merged.Columns(), ordered);
            });
            AtomicFile.Write(Path.Combine(output, EvaluateStore.DoneFile), s =>
            {
                using var w = new StreamWriter(s, new UTF8Encoding(false));
                foreach (string id in ordered.Select(r => r.Image).Distinct())
                {
                    w.WriteLine(id);
                }
            });
            int images = ordered.Select(r => r.Image).Distinct().Count();
            EvaluationReportFiles files = EvaluationReport.Write(output, merged.Model, merged.Describe(images), ordered, merged.Columns(), merged.RunMethods(), merged.Modes,
                console.CommandLine);
            string missing = shards.Count < first.ShardCount
                ? $"; only {shards.Count} of {first.ShardCount} shards given, so the merge is partial"
                : "";
            console.Out.WriteLine($"merged {shards.Count.ToString(CultureInfo.InvariantCulture)} folder(s): {images} image(s), {ordered.Count} row(s){missing}; "
                + $"wrote {Path.Combine(output, EvaluateStore.RowsFile)}, {files.Summary}, {files.Robustness}, {files.Size}, {files.Confidence}, {files.SizeRobustness}, {files.Report}");
            return ExitCodes.Ok;
        }
    }
}
