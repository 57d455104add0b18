namespace ConvAD.Plan
{
    /// <summary>How masks of branches that meet (Add, Mul, Concat…) combine.</summary>
    public enum MaskCombination
    {
        /// <summary>Present only where every branch is present (default: never mixes a deactivated branch in).</summary>
        Intersection,

        /// <summary>Present where any branch is present; each branch is deactivated by its own mask before it is combined.</summary>
        Union,
    }

    /// <summary>
    /// The options of the ConvAD plan. Immutable: derive a variant with <c>with</c>
    /// (<c>PlanOptions.Default with { Threshold = PropagationThreshold.Any }</c>); safe to share across threads.
    /// </summary>
    public sealed record PlanOptions
    {
        /// <summary>τ = 0.5, intersection. Immutable, so one shared instance is safe.</summary>
        public static PlanOptions Default { get; } = new PlanOptions();

        /// <summary>τ of the propagation rule (default 0.5).</summary>
        public PropagationThreshold Threshold { get; init; } = PropagationThreshold.Default;

        /// <summary>How masks of merging branches combine (default intersection).</summary>
        public MaskCombination Combination { get; init; } = MaskCombination.Intersection;

        /// <summary>
        /// The height and width to run a model whose input's H or W is symbolic (null: none stated). A model with a fixed
        /// size needs none; one stated for it must agree. The sidecar's <c>input.size</c> or the CLI's <c>--input-size</c>.
        /// </summary>
        public InputSize? InputSize { get; init; }

        /// <summary>
        /// These options with <paramref name="described"/> (the sidecar's <c>input.size</c>) as the input size, unless a size
        /// is already set: a size the caller states (<c>--input-size</c>) wins over the sidecar's.
        /// </summary>
        public PlanOptions WithInputSizeFallback(InputSize? described) =>
            InputSize != null || described == null ? this : this with { InputSize = described };

        /// <summary>Which convolutions read occluded positions filled from present neighbours (default none: 0, as AD defines).</summary>
        public NeighbourFill Fill { get; init; } = NeighbourFill.None;

        /// <summary>
        /// Whether a global mean over space divides by the present count (Σx·m / Σm, default) or, when false,
        /// by all positions (Σx·m / HW), as the unmodified pool would over a zeroed tensor.
        /// </summary>
        public bool RenormaliseGlobalMean { get; init; } = true;

        /// <summary>
        /// Layer masking (Balasubramanian and Feizi, arXiv 2211.14646) on this plan: a position is present when any
        /// position its window reads is present (the mask max-pooled, τ = any), and every convolution reads
        /// occluded positions filled from their present neighbours. Branches combine by intersection and global
        /// means are renormalised, as in the authors' code. Its choices are listed in docs/layer-masking.md.
        /// </summary>
        public static PlanOptions LayerMasking { get; } = new PlanOptions { Threshold = PropagationThreshold.Any, Fill = NeighbourFill.EveryConvolution };

        /// <inheritdoc/>
        public override string ToString()
        {
            string text = $"threshold {Threshold}, combination {Combination.ToString().ToLowerInvariant()}";
            if (Fill != NeighbourFill.None)
            {
                text += Fill == NeighbourFill.Stem ? ", neighbour fill at the stem" : ", neighbour fill at every convolution";
            }

            return RenormaliseGlobalMean ? text : text + ", global mean not renormalised";
        }
    }
}
