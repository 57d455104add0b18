using System;
using System.Collections.Generic;
using System.IO;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// "Did you mean": the project file whose name is closest to a misspelt one, by edit distance ignoring case, as
    /// written relative to the project folder (or by file name alone, the other way a model may be named). Only a
    /// close one is suggested: at most a third of the name's characters differ, and never more than four.
    /// </summary>
    internal sealed class FileNameSuggestions
    {
        private const int MaxDistance = 4;

        // The distance costs the product of the two lengths: a path longer than any real one is not compared at all.
        private const int MaxLength = 512;
        private readonly string _baseDirectory;

        public FileNameSuggestions(string baseDirectory) =>
            _baseDirectory = baseDirectory.Replace('\\', '/').TrimEnd('/') + "/";

        /// <summary>The closest of <paramref name="candidates"/> (full paths) to <paramref name="asWritten"/>, as the attribute would name it; null when none is close.</summary>
        public string? Suggest(string asWritten, IEnumerable<string> candidates)
        {
            if (asWritten.Length > MaxLength)
            {
                return null;
            }

            string written = asWritten.Replace('\\', '/').TrimStart('.', '/');
            string writtenName = Path.GetFileName(written);
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in candidates)
            {
                if (candidate.Length > MaxLength)
                {
                    continue;
                }

                string full = candidate.Replace('\\', '/');
                string name = Path.GetFileName(full);
                string? relative = full.StartsWith(_baseDirectory, StringComparison.OrdinalIgnoreCase) ? full.Substring(_baseDirectory.Length) : null;
                int byName = Distance(writtenName, name);
                int byPath = relative == null ? int.MaxValue : Distance(written, relative);
                int distance = Math.Min(byName, byPath);
                if (distance < bestDistance && distance <= Allowed(byPath <= byName ? written : writtenName))
                {
                    best = byPath <= byName ? relative : name;
                    bestDistance = distance;
                }
            }

            return best;
        }

        private static int Allowed(string name) => Math.Min(MaxDistance, Math.Max(1, name.Length / 3));

        /// <summary>Levenshtein distance, ignoring case: the fewest insertions, deletions and substitutions from one to the other.</summary>
        internal static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitution = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                    current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + substitution);
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }
    }
}
