namespace ConvAD.Explanation
{
    /// <summary>Whether an explanation is sufficient for its target, and if not, why not.</summary>
    public enum Sufficiency
    {
        /// <summary>The explanation alone makes the target strictly win, and nothing present does not.</summary>
        Sufficient,

        /// <summary>Not even the whole image keeps the target under this perturbation (possible with a confidence bar).</summary>
        NotEvenWholeImage,

        /// <summary>
        /// The target already wins with every pixel removed (under AD: the head applied to an empty mask; under occlusion: the
        /// image made of the masking value alone). Any region would then "pass", so no explanation is claimed.
        /// </summary>
        TargetWinsWithNothingPresent,
    }

    /// <summary>The names <see cref="Sufficiency"/> values have in JSON and CSV.</summary>
    public static class SufficiencyNames
    {
        /// <summary>The verdict's name in the CSV and the reports.</summary>
        public static string Name(this Sufficiency value) => value switch
        {
            Sufficiency.Sufficient => "sufficient",
            Sufficiency.NotEvenWholeImage => "not-even-whole-image",
            Sufficiency.TargetWinsWithNothingPresent => "target-wins-with-nothing-present",
            _ => throw new System.ArgumentOutOfRangeException(nameof(value), value, null),
        };

        /// <summary>The value a name stands for; false for an unknown name.</summary>
        public static bool TryParse(string name, out Sufficiency value)
        {
            foreach (Sufficiency candidate in new[] { Sufficiency.Sufficient, Sufficiency.NotEvenWholeImage, Sufficiency.TargetWinsWithNothingPresent })
            {
                if (candidate.Name() == name)
                {
                    value = candidate;
                    return true;
                }
            }

            value = default;
            return false;
        }

        /// <summary>A sentence for people: why an explanation is not sufficient (empty for a sufficient one).</summary>
        public static string Describe(this Sufficiency value) => value switch
        {
            Sufficiency.Sufficient => "",
            Sufficiency.NotEvenWholeImage => "not even the whole image keeps the target under this perturbation",
            Sufficiency.TargetWinsWithNothingPresent => "the target already wins with every pixel removed, so no region explains it",
            _ => throw new System.ArgumentOutOfRangeException(nameof(value), value, null),
        };
    }
}
