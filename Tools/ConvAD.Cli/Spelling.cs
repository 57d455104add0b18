namespace ConvAD.Cli
{
    /// <summary>"Did you mean": the closest of a set of names to a misspelt one (options, class labels).</summary>
    public static class Spelling
    {
        /// <summary>The closest name within an edit distance of a third of the token's length (at least 2), if any.</summary>
        public static string? Nearest(string token, IEnumerable<string> names)
        {
            int limit = Math.Max(2, token.Length / 3);
            return names.Select(n => (n, d: EditDistance(token, n))).Where(p => p.d <= limit).OrderBy(p => p.d).ThenBy(p => p.n, StringComparer.Ordinal)
                .Select(p => p.n).FirstOrDefault();
        }

        /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions: "mdoel" is one step from "model").</summary>
        public static int EditDistance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (int j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
