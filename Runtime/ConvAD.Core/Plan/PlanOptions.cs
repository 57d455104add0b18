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

    /// <summary>The options of the ConvAD plan.</summary>
    public sealed class PlanOptions
    {
        public static PlanOptions Default { get; } = new PlanOptions();

        public PropagationThreshold Threshold { get; set; } = PropagationThreshold.Default;

        public MaskCombination Combination { get; set; } = MaskCombination.Intersection;

        public override string ToString() => $"threshold {Threshold}, combination {Combination.ToString().ToLowerInvariant()}";
    }
}
