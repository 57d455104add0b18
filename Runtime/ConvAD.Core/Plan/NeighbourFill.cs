namespace ConvAD.Plan
{
    /// <summary>
    /// Which convolutions read occluded positions filled from their present neighbours instead of the
    /// neutral 0. A filled value is an average of present values only, so the fill never leaks an
    /// occluded value; it changes only what the window of a present activation sees at the mask's edge.
    /// </summary>
    public enum NeighbourFill
    {
        /// <summary>Activation-Deactivation as defined: occluded positions are 0 at every checkpoint (default).</summary>
        None,

        /// <summary>
        /// Only the convolutions that read the input image's own grid and mask, explicitly padded or not (the stem): occluded pixels take
        /// their present neighbours' colour instead of 0 in input space, which for a normalised model is the
        /// dataset's mean colour. Every later checkpoint is unchanged.
        /// </summary>
        Stem,

        /// <summary>
        /// Every convolution that mixes space, as layer masking (Balasubramanian and Feizi) does; see
        /// <see cref="PlanOptions.LayerMasking"/> and docs/layer-masking.md.
        /// </summary>
        EveryConvolution,
    }
}
