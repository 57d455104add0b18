namespace ConvAD.Explanation
{
    /// <summary>What the model said about one mutant: whether it kept the target (above the confidence bar) and its confidence in the target.</summary>
    public readonly record struct MutantVerdict(bool Passes, float Confidence);
}
