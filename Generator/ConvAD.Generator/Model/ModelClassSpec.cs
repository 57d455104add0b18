using ConvAD.Description;
using ConvAD.Plan;

namespace ConvAD.Generator.Model
{
    /// <summary>Where the channel axis sits in the image input (the names of <c>ConvAD.Imaging.ImageTensorLayout</c>).</summary>
    internal enum InputLayout
    {
        Nchw,
        Nhwc,
    }

    /// <summary>One layer of the ConvAD plan, as emitted.</summary>
    internal sealed record LayerSpec(
        int Index,
        string Name,
        string OpType,
        NodeRole Role,
        string OutputShape,
        int? InputMask,
        int? OutputMask,
        string? Checkpoint,
        OutputCorrection Correction,
        string? Window);

    /// <summary>One mask grid of the ConvAD plan, as emitted.</summary>
    internal sealed record MaskSpec(int Id, MaskOrigin Origin, int Height, int Width, string Sources, string? Window);

    /// <summary>How pixels become input values (the model description's "input" section).</summary>
    internal sealed record PreprocessingSpec(
        ColorOrder ColorOrder,
        double PixelLow,
        double PixelHigh,
        EquatableArray<double> Mean,
        EquatableArray<double> Std,
        ResizeKind Resize,
        int? ShortSide,
        bool IsDefault)
    {
        /// <summary>What the runtime's <c>Preprocessing</c> holds, as equatable values.</summary>
        public static PreprocessingSpec From(Preprocessing p, bool isDefault) =>
            new PreprocessingSpec(p.ColorOrder, p.PixelLow, p.PixelHigh, p.Mean.ToEquatableArray(), p.Std.ToEquatableArray(), p.Resize, p.ShortSide, isDefault);
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
        InputLayout Layout,
        int Channels,
        int Height,
        int Width,
        string? SymbolicSides,
        string OutputName,
        string OutputShape,
        int ClassCount,
        bool CanBatch,
        PropagationThreshold Threshold,
        MaskCombination Combination,
        int CheckpointCount,
        EquatableArray<LayerSpec> Layers,
        EquatableArray<MaskSpec> Masks);

    /// <summary>Everything the emitter needs for one model class: equatable values only, no symbols or locations.</summary>
    internal sealed record ModelClassSpec(
        TargetType Type,
        string ModelFileName,
        string ModelName,
        string? DescriptionFileName,
        OutputKind OutputKind,
        PreprocessingSpec Preprocessing,
        EquatableArray<string> Labels,
        GraphSpec Graph);
}
