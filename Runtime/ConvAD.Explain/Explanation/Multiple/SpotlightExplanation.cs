namespace ConvAD.Explanation
{
    /// <summary>One of several explanations of an image: the region, and the spotlight that found it (none for the first, the ordinary explanation).</summary>
    public sealed class SpotlightExplanation
    {
        internal SpotlightExplanation(SufficientExplanation explanation, int? centreRow, int? centreColumn, int? radius)
        {
            Explanation = explanation;
            CentreRow = centreRow;
            CentreColumn = centreColumn;
            Radius = radius;
        }

        /// <summary>The pixels that alone keep the target, exactly as evaluated.</summary>
        public SufficientExplanation Explanation { get; }

        /// <summary>The spotlight's centre row (null for the first explanation, extracted from the whole map).</summary>
        public int? CentreRow { get; }

        /// <summary>The spotlight's centre column (null for the first explanation).</summary>
        public int? CentreColumn { get; }

        /// <summary>The spotlight's radius when the region was found, expansions included (null for the first explanation).</summary>
        public int? Radius { get; }
    }
}
