namespace ConvAD.Generator.Model
{
    /// <summary>One layer of the ConvAD plan, as emitted.</summary>
    internal sealed record LayerSpec(
        int Index,
        string Name,
        string OpType,
        string Role,
        string OutputShape,
        int? InputMask,
        int? OutputMask,
        string? Checkpoint,
        string Correction,
        string? Window);

    /// <summary>One mask grid of the ConvAD plan, as emitted.</summary>
    internal sealed record MaskSpec(int Id, string Origin, int Height, int Width, string Sources, string? Window);

    /// <summary>How pixels become input values (the model description's "input" section).</summary>
    internal sealed record PreprocessingSpec(
        string ColorOrder,
        double PixelLow,
        double PixelHigh,
        EquatableArray<double> Mean,
        EquatableArray<double> Std,
        string Resize,
        int? ShortSide,
        bool IsDefault)
    {
        public static PreprocessingSpec Default { get; } =
            new PreprocessingSpec("Rgb", 0, 1, new[] { 0.0 }.ToEquatableArray(), new[] { 1.0 }.ToEquatableArray(), "Stretch", null, true);
    }

    /// <summary>What the model's graph and ConvAD plan say, independent of the annotated class.</summary>
    internal sealed record GraphSpec(
        string Fingerprint,
        string Producer,
        long Opset,
        long IrVersion,
        int NodeCount,
        EquatableArray<string> OpCounts,
        long ParameterCount,
        string InputName,
        string InputElementType,
        string InputShape,
        string Layout,
        int Channels,
        int Height,
        int Width,
        string OutputName,
        string OutputShape,
        int ClassCount,
        bool CanBatch,
        string Threshold,
        string Combination,
        int CheckpointCount,
        EquatableArray<LayerSpec> Layers,
        EquatableArray<MaskSpec> Masks);

    /// <summary>Everything the emitter needs for one model class: equatable values only, no symbols or locations.</summary>
    internal sealed record ModelClassSpec(
        TargetType Type,
        string ModelFileName,
        string ModelName,
        string? DescriptionFileName,
        string OutputKind,
        PreprocessingSpec Preprocessing,
        EquatableArray<string> Labels,
        GraphSpec Graph);
}
