namespace ConvAD.Evaluation
{
    /// <summary>Every metric of one explanation (explainer-and-metrics.md §3).</summary>
    /// <param name="Area">|E|, pixels in the explanation.</param>
    /// <param name="Size">|E| / (H·W).</param>
    /// <param name="Confidence">p and P(c|E) under the explanation's own perturbation.</param>
    /// <param name="Robustness">r(E) per γ on the non-informative backgrounds (plain model).</param>
    /// <param name="Curves">Insertion and deletion along the responsibility ranking, under the explanation's perturbation.</param>
    public sealed record ExplanationMetrics(int Area, double Size, ConfidenceDropOff Confidence, RobustnessScore Robustness, InsertionDeletionCurves Curves);
}
