namespace ConvAD.Generator.Model
{
    /// <summary>
    /// The outcome for one annotated class: the spec to emit (null when there is nothing to emit) and the
    /// diagnostics. The two leave the pipeline by separate outputs.
    /// </summary>
    internal sealed record GenerationResult(ModelClassSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
}
