using System;
using System.Collections.Generic;

namespace ConvAD.Evaluation
{
    /// <summary>Every metric of one explanation (explainer-and-metrics.md §3).</summary>
    /// <param name="Area">|E|, pixels in the explanation.</param>
    /// <param name="Size">|E| / (H·W).</param>
    /// <param name="Confidence">p and P(c|E) under the explanation's own perturbation.</param>
    /// <param name="Robustness">r(E) per γ on the non-informative backgrounds (plain model).</param>
    /// <param name="Curves">Insertion and deletion along the responsibility ranking, under the explanation's perturbation.</param>
    public sealed record ExplanationMetrics(int Area, double Size, ConfidenceDropOff Confidence, RobustnessScore Robustness, InsertionDeletionCurves Curves)
    {
        /// <summary>r(E) per absolute threshold (confidence ≥ γ_abs), on all backgrounds.</summary>
        public RobustnessScore? AbsoluteRobustness { get; init; }

        /// <summary>r(E) per γ on each kind of background alone, in the order the kinds first appear in the set.</summary>
        public IReadOnlyList<(BackgroundKind Kind, RobustnessScore Score)> KindRobustness { get; init; } = Array.Empty<(BackgroundKind, RobustnessScore)>();

        /// <summary>Size-controlled: r per γ of the top-k% of the mode's own responsibility ranking, for each k.</summary>
        public IReadOnlyList<(double Percent, RobustnessScore Score)> TopRobustness { get; init; } = Array.Empty<(double, RobustnessScore)>();
    }
}
