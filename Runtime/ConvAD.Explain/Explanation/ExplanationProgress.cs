namespace ConvAD.Explanation
{
    /// <summary>Reported after every engine call. <see cref="Fraction"/> is an estimate in [0, 1] of the whole explanation.</summary>
    public readonly record struct ExplanationProgress(ExplanationPhase Phase, int MutantsEvaluated, int EngineCalls, double Fraction);
}
