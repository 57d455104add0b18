using System.Diagnostics;
using ConvAD.Explanation;

namespace ConvAD.Cli
{
    /// <summary>A one-line progress bar on stderr, redrawn in place at most ten times a second; only used on a terminal.</summary>
    public sealed class ExplainProgressBar : IProgress<ExplanationProgress>
    {
        private const int Width = 30;
        private readonly TextWriter _error;
        private readonly string _label;
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private long _lastDrawMs = -1000;

        public ExplainProgressBar(TextWriter error, string label)
        {
            _error = error;
            _label = label;
        }

        /// <summary>True when stderr is the process's own, unredirected terminal and neither JSON nor <c>--quiet</c> is requested.</summary>
        public static bool Wanted(CliConsole console, bool json) => !json && !console.Quiet && ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected;

        public void Report(ExplanationProgress value)
        {
            long now = _since.ElapsedMilliseconds;
            if (now - _lastDrawMs < 100 && value.Fraction < 1)
            {
                return;
            }

            _lastDrawMs = now;
            int filled = (int)Math.Round(value.Fraction * Width);
            string phase = value.Phase.ToString().ToLowerInvariant();
            _error.Write($"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {value.Fraction,4:P0} {phase,-14} {value.MutantsEvaluated} mutants "
                + Timing(_since.Elapsed, value.Fraction) + " ");
        }

        /// <summary>
        /// "elapsed 1:05, about 2:10 left": the time left is the elapsed time scaled by the work left (the fraction of the
        /// explanation done moves at a steady rate through its stages); none before 2% is done, where it would be a guess.
        /// </summary>
        public static string Timing(TimeSpan elapsed, double fraction)
        {
            string text = "elapsed " + Clock(elapsed);
            if (fraction >= 0.02 && fraction < 1)
            {
                text += ", about " + Clock(TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - fraction) / fraction)) + " left";
            }

            return text;
        }

        /// <summary>m:ss, or h:mm:ss from an hour on.</summary>
        public static string Clock(TimeSpan t) => t.TotalHours >= 1
            ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}"
            : $"{(int)t.TotalMinutes}:{t.Seconds:00}";

        /// <summary>Erases the bar so the next output starts on a clean line.</summary>
        public void Clear() => _error.Write("\r" + new string(' ', Math.Min(Console.BufferWidth > 0 ? Console.BufferWidth - 1 : 100, 120)) + "\r");
    }
}
