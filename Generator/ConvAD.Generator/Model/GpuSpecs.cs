using ConvAD.Plan;

namespace ConvAD.Generator.Model
{
    /// <summary>
    /// What the user's compilation offers of ConvAD's GPU runtime (<c>ConvAD.Gpu</c>), read from its symbols: the
    /// names of the public <c>GpuLayers</c> methods the generated forward pass may call. Null in the pipeline when
    /// the compilation does not reference the runtime. Names only, sorted, so it compares by value and a rebuild
    /// of the same runtime changes nothing downstream.
    /// </summary>
    /// <param name="Layers">Op methods returning one tensor: <c>DeviceTensor Op(string node, params DeviceTensor?[] inputs)</c>.</param>
    /// <param name="MultiLayers">Op methods returning several tensors: <c>DeviceTensor[] Op(string node, params DeviceTensor?[] inputs)</c>.</param>
    /// <param name="Steps">The mask, checkpoint and correction methods present with the expected parameters.</param>
    /// <param name="HasLoader">Whether <c>ConvAD.Gpu.Generated.GeneratedGpuModel.Load</c> exists (what the generated LoadGpu calls).</param>
    internal sealed record GpuRuntime(EquatableArray<string> Layers, EquatableArray<string> MultiLayers, EquatableArray<string> Steps, bool HasLoader);

    /// <summary>
    /// One call of the model's ConvAD forward pass (a <c>ConvAD.Plan.LayerCall</c> as equatable values).
    /// </summary>
        /// <param name="Method">The runtime method: the op type for layers.</param>
    /// <param name="Node">The ONNX node (layers and corrections).</param>
    /// <param name="Domain">The node's op domain ("" for the default ONNX domain).</param>
    /// <param name="MaskId">The plan mask a mask call computes.</param>
    /// <param name="Results">Variable names of the results.</param>
    /// <param name="Arguments">Variable names of the arguments; <c>null</c> for an absent optional one.</param>
    /// <param name="Comment">One line for people reading the generated code.</param>
    /// <param name="ReturnsArray">Whether the runtime method returns an array (set once the runtime is known).</param>
    internal sealed record ForwardCall(
        LayerCallKind Kind,
        string Method,
        string? Node,
        string Domain,
        int? MaskId,
        EquatableArray<string> Results,
        EquatableArray<string> Arguments,
        string Comment,
        bool ReturnsArray = false);

    /// <summary>
    /// The model's ConvAD forward pass as layer calls (read with the graph, only when the compilation references
    /// the GPU runtime), or why it cannot be laid out as calls.
    /// </summary>
    internal sealed record ForwardSpec(EquatableArray<ForwardCall> Calls, string Output, string? Problem)
    {
        public static ForwardSpec Failure(string problem) => new ForwardSpec(EquatableArray<ForwardCall>.Empty, "", problem);
    }

    /// <summary>Everything the GPU forward-pass emitter needs for one model class: equatable values only.</summary>
    internal sealed record GpuForwardSpec(
        TargetType Type,
        string ModelFileName,
        string InputShape,
        string MaskShape,
        string OutputShape,
        PropagationThreshold Threshold,
        MaskCombination Combination,
        EquatableArray<ForwardCall> Calls,
        string Output);
}
