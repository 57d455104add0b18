using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// How <see cref="ExplainerOptions.MutantBudget"/> is spent over a whole explanation. Every mutant counts: the empty mask
    /// checked first (one), the responsibility search, the extraction's prefixes and the minimisation's candidates. The one
    /// model run outside the budget is the plain prediction of the unmasked image, which picks the target.
    /// </summary>
    internal static class ExplanationBudget
    {
        /// <summary>The empty-mask mutant: one, before anything else.</summary>
        public const int NothingPresent = 1;

        /// <summary>The smallest budget: the empty mask and one extraction prefix (the whole image).</summary>
        public const int Minimum = NothingPresent + 1;

        /// <summary>
        /// The search's share: what the budget leaves after the empty mask and the extraction's reserve. The reserve is a
        /// quarter of the rest (at least one prefix, at most every prefix at the configured chunk), so a tight budget still
        /// leaves the search most of it and extraction never has to stop before it reaches the whole image.
        /// </summary>
        public static int? Search(int? budget, int pixels, int chunk)
        {
            if (budget is not int total)
            {
                return null;
            }

            int prefixes = Prefixes(pixels, chunk);
            int reserve = Math.Clamp((total - NothingPresent) / 4, 1, prefixes);
            return Math.Max(0, total - NothingPresent - reserve);
        }

        /// <summary>
        /// The extraction's step: the configured chunk when every prefix fits in what is left, else the smallest step whose
        /// prefixes do (the last prefix is always the whole image, so the extraction still ends with a verdict on it).
        /// </summary>
        public static int Chunk(int pixels, int chunk, int? remaining)
        {
            if (remaining is not int left || Prefixes(pixels, chunk) <= left)
            {
                return chunk;
            }

            return (pixels + Math.Max(1, left) - 1) / Math.Max(1, left);
        }

        /// <summary>What is left of the budget after <paramref name="evaluated"/> mutants (null: no limit).</summary>
        public static int? Remaining(int? budget, int evaluated) => budget is int total ? Math.Max(0, total - evaluated) : null;

        private static int Prefixes(int pixels, int chunk) => (pixels + chunk - 1) / chunk;
    }
}
