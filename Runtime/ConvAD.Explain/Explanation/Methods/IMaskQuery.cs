using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The seam every perturbation method plugs into: a fixed, numbered set of keep-masks, each a function of its number
    /// and the seed only, and a place to record the target's score on each. How a mask removes pixels (AD, layer masking,
    /// a masking value) is the <see cref="MutantEvaluator"/>'s business, so every method runs under every perturbation.
    /// </summary>
    internal interface IMaskQuery
    {
        /// <summary>How many masks the method asks about.</summary>
        int Count { get; }

        /// <summary>Writes mask <paramref name="index"/> (H×W, 1 = present, 0 = removed) into <paramref name="mask"/>.</summary>
        void WriteMask(int index, Span<float> mask);

        /// <summary>The target's confidence on mask <paramref name="index"/>; called once per mask, in index order.</summary>
        void Record(int index, float score);

        /// <summary>The attribution map (H×W, row-major), once every mask has been recorded.</summary>
        float[] Attribution();
    }
}
