using System;
using System.Collections.Generic;

namespace ConvAD.Plan
{
    /// <summary>The ops ConvAD knows, grouped by what they do to space.</summary>
    internal static class OpCatalog
    {
        /// <summary>Ops that act position by position on their first input; other inputs are parameters.</summary>
        public static readonly HashSet<string> Pointwise = new HashSet<string>(StringComparer.Ordinal)
        {
            "Relu", "LeakyRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Softplus", "Softsign",
            "Exp", "Log", "Abs", "Neg", "Sqrt", "Reciprocal", "Floor", "Ceil", "Round", "Erf", "Gelu", "Mish", "Identity",
            "Dropout", "BatchNormalization", "Clip", "Cast", "QuantizeLinear", "DequantizeLinear", "ThresholdedRelu", "Sign",
            "Sin", "Cos", "Not", "Shrink", "IsNaN", "IsInf",
        };

        /// <summary>Element-wise ops with several data inputs: where two spatial branches meet.</summary>
        public static readonly HashSet<string> Merging = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "PRelu", "Where", "Equal", "Greater", "Less",
            "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor", "Mod",
        };

        /// <summary>Merges whose neutral element is 0, so the union rule can deactivate each branch to 0.</summary>
        public static readonly HashSet<string> ZeroNeutralMerges = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Sub", "Sum", "Concat", "QLinearAdd", "QLinearConcat",
        };

        /// <summary>
        /// The com.microsoft contrib ops of ONNX Runtime's QOperator int8 format that ConvAD has rules for; any other op of
        /// a custom domain that reads a spatial tensor is refused.
        /// </summary>
        public static readonly HashSet<string> MicrosoftQuantized = new HashSet<string>(StringComparer.Ordinal)
        {
            "QLinearAdd", "QLinearMul", "QLinearConcat", "QLinearGlobalAveragePool", "QLinearAveragePool", "QLinearSigmoid",
            "QLinearLeakyRelu", "QLinearSoftmax",
        };

        public const string MicrosoftDomain = "com.microsoft";

        /// <summary>Ops that reshape without moving data.</summary>
        public static readonly HashSet<string> Reshaping = new HashSet<string>(StringComparer.Ordinal)
        {
            "Reshape", "Flatten", "Squeeze", "Unsqueeze",
        };

        /// <summary>Ops that compute statistics over space; ConvAD would need masked statistics.</summary>
        public static readonly HashSet<string> SpatialStatistics = new HashSet<string>(StringComparer.Ordinal)
        {
            "InstanceNormalization", "GroupNormalization", "MeanVarianceNormalization",
        };

        /// <summary>Why each known spatially-mixing op outside ConvAD's rules is unsupported.</summary>
        public static readonly Dictionary<string, string> KnownUnsupported = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Resize"] = "resampling moves values between positions in a way the ConvAD rules do not define",
            ["Upsample"] = "resampling moves values between positions in a way the ConvAD rules do not define",
            ["ConvTranspose"] = "transposed convolution is not supported",
            ["LpPool"] = "Lp pooling is not supported",
            ["GlobalLpPool"] = "Lp pooling is not supported",
            ["MaxUnpool"] = "unpooling is not supported",
            ["DepthToSpace"] = "moves channels into space",
            ["SpaceToDepth"] = "moves space into channels",
            ["Gather"] = "gathers positions by data-dependent or constant indices",
            ["GatherElements"] = "gathers positions by index",
            ["GatherND"] = "gathers positions by index",
            ["ScatterND"] = "scatters positions by index",
            ["ScatterElements"] = "scatters positions by index",
            ["GridSample"] = "samples positions by a data-dependent grid",
            ["RoiAlign"] = "samples regions of interest",
            ["Einsum"] = "may contract spatial axes",
            ["Loop"] = "control flow over a spatial tensor",
            ["If"] = "control flow over a spatial tensor",
            ["Scan"] = "control flow over a spatial tensor",
            ["TopK"] = "selects positions by value",
            ["NonZero"] = "data-dependent shape",
            ["Tile"] = "repeats a spatial map",
            ["Expand"] = "broadcasts a spatial map",
            ["CumSum"] = "accumulates along an axis",
            ["Attention"] = "attention over space",
        };
    }
}
