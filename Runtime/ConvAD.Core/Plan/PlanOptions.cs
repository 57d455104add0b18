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

        public override string ToString() => $"threshold {Threshold}, combination {Combination.ToString().ToLowerInvariant()}";
    }
}
