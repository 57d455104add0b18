namespace ConvAD.Generator.Model
{
    /// <summary>
    /// The outcome for one annotated class: the spec to emit (null when there is nothing to emit), the
    /// diagnostics, and the GPU forward pass to emit (null unless the compilation references ConvAD.Gpu and
    /// the runtime has a method for every call). They leave the pipeline by separate outputs.
    /// </summary>
    internal sealed record GenerationResult(ModelClassSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, GpuForwardSpec? Gpu = null);
}
