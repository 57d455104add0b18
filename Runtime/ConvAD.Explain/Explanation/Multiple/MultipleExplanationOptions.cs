using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The spotlight search for several sufficient explanations of one image (<see cref="Explainer.ExplainMultiple"/>). The first
    /// explanation is the ordinary one; each further one is grown inside a disc (the spotlight) of the responsibility map, from
    /// pixels no earlier explanation holds. docs/explainer.md says where these choices depart from ReX's.
    /// </summary>
    public sealed record MultipleExplanationOptions
    {
        /// <summary>The most explanations to find, the ordinary one included (ReX's <c>spotlights</c>).</summary>
        public int Count { get; init; } = 5;

        /// <summary>The spotlight's starting radius in pixels (null: ⌈min(H, W) / 8⌉, 28 at 224, 4 at 32).</summary>
        public int? Radius { get; init; }

        /// <summary>How many times a spotlight that finds nothing grows by its starting radius before it moves (ReX's <c>no_expansions</c>).</summary>
        public int Expansions { get; init; } = 3;

        /// <summary>Spotlight positions tried without finding an explanation before the search stops (ReX's <c>max_spotlight_budget</c>).</summary>
        public int Steps { get; init; } = 20;

        /// <summary>How far a steered spotlight moves, in pixels (null: its radius).</summary>
        public int? StepSize { get; init; }

        /// <summary>Where a spotlight goes after a failure: towards more responsibility (default) or to a random pixel.</summary>
        public SpotlightMove Move { get; init; } = SpotlightMove.Steered;

        /// <summary>
        /// The largest share of an explanation's pixels that it may share with an earlier one (of the smaller of the two).
        /// 0 (default): explanations are disjoint, because earlier explanations' pixels are never candidates; above 0 they are,
        /// and a region that overlaps an earlier explanation more than this is rejected.
        /// </summary>
        public double MaxOverlap { get; init; }

        /// <summary>The radius for an image of <paramref name="height"/>×<paramref name="width"/> pixels.</summary>
        public int RadiusFor(int height, int width) => Radius ?? Math.Max(1, (Math.Min(height, width) + 7) / 8);

        /// <summary>The step for an image of <paramref name="height"/>×<paramref name="width"/> pixels.</summary>
        public int StepFor(int height, int width) => StepSize ?? RadiusFor(height, width);

        /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
        public void Validate()
        {
            Check(Count >= 1, "the number of explanations must be at least 1");
            Check(Radius is null || Radius >= 1, "the spotlight radius must be at least 1 pixel");
            Check(Expansions >= 0, "expansions must be 0 or more");
            Check(Steps >= 1, "spotlight steps must be at least 1");
            Check(StepSize is null || StepSize >= 1, "the spotlight step must be at least 1 pixel");
            Check(Enum.IsDefined(Move), "unknown spotlight move");
            Check(MaxOverlap >= 0 && MaxOverlap <= 1, "the permitted overlap must be in [0, 1]");
        }

        private static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }
    }

    /// <summary>Where the spotlight goes after a position where no explanation was found.</summary>
    public enum SpotlightMove
    {
        /// <summary>One step to whichever of the 8 neighbouring positions has the most mean responsibility in its disc; a random pixel when none has more than here.</summary>
        Steered,

        /// <summary>A uniformly random pixel (ReX's objective function "none").</summary>
        Random,
    }

    /// <summary>Why the spotlight search stopped.</summary>
    public enum SpotlightStop
    {
        /// <summary><see cref="MultipleExplanationOptions.Count"/> explanations were found.</summary>
        CountReached,

        /// <summary><see cref="MultipleExplanationOptions.Steps"/> spotlight positions found nothing.</summary>
        StepsSpent,

        /// <summary>The pixels no explanation holds do not, all together, keep the target: no further disjoint explanation exists.</summary>
        Exhausted,

        /// <summary>There is no first explanation to start from (not sufficient, or the target wins with nothing present).</summary>
        NoFirstExplanation,
    }
}
