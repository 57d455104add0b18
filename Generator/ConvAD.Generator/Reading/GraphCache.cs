using System.Collections.Concurrent;
using System.Threading;
using ConvAD.Generator.Model;
using ConvAD.Plan;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// Graph readings keyed on the file's stamp and the plan options. The incremental pipeline already
    /// skips unchanged inputs within one driver; this cache also spans drivers in the same process (the
    /// compiler server and the IDE keep the generator loaded across builds), as CsWin32's metadata cache does.
    /// </summary>
    internal static class GraphCache
    {
        private const int Capacity = 32;
        private static readonly ConcurrentDictionary<string, GraphReading> Readings = new ConcurrentDictionary<string, GraphReading>();

        public static GraphReading Get(ModelFile file, PlanOptions options, bool withForward, double timeBudgetSeconds, CancellationToken cancellationToken)
        {
            string key = $"{file.Path}|{file.Length}|{file.LastWriteTicks}|{options.Threshold}|{options.Combination}|{options.InputSize}|{(withForward ? "forward" : "")}";
            if (Readings.TryGetValue(key, out GraphReading? cached))
            {
                return cached;
            }

            GraphReading reading = GraphReader.Read(file.Path, options, withForward, timeBudgetSeconds, cancellationToken);
            if (reading.Problem == GraphProblemKind.OverTimeBudget)
            {
                return reading; // a busy machine, or a budget raised for the next build: try again then
            }

            if (Readings.Count >= Capacity)
            {
                // Stale stamps of edited models accumulate otherwise; rereading a graph is cheap.
                Readings.Clear();
            }

            Readings[key] = reading;
            return reading;
        }
    }
}
