namespace ConvAD.Evaluation
{
    /// <summary>
    /// How much of the model's confidence the explanation alone keeps: <c>p − P(c|E)</c> and <c>P(c|E) / p</c>, with
    /// <c>P(c|E)</c> evaluated under the perturbation that found the explanation.
    /// </summary>
    /// <param name="Original">p = P(c | x), the target's probability on the whole image.</param>
    /// <param name="OnExplanation">P(c | E), the target's probability on the explanation alone.</param>
    public readonly record struct ConfidenceDropOff(double Original, double OnExplanation)
    {
        /// <summary>p − P(c|E): positive when the explanation alone is less confident than the image (can be negative).</summary>
        public double Difference => Original - OnExplanation;

        /// <summary>P(c|E) / p; NaN when p is 0 (no target can have probability 0, so it flags a broken input).</summary>
        public double Ratio => Original > 0 ? OnExplanation / Original : double.NaN;
    }
}
