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

        /// <summary>True when stderr is the process's own, unredirected terminal and JSON is not requested.</summary>
        public static bool Wanted(CliConsole console, bool json) => !json && ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected;

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
            _error.Write($"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {value.Fraction,4:P0} {phase,-14} {value.MutantsEvaluated} mutants ");
        }

        /// <summary>Erases the bar so the next output starts on a clean line.</summary>
        public void Clear() => _error.Write("\r" + new string(' ', Math.Min(Console.BufferWidth > 0 ? Console.BufferWidth - 1 : 100, 120)) + "\r");
    }
}
