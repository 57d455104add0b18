using System;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>
    /// The value of a small tensor known at load time: an initializer, a Constant, or the output of a shape subgraph folded
    /// by <see cref="ConstantFolding"/>. Values are held as doubles, which hold every integer a shape computation meets
    /// exactly (|v| &lt; 2^53), row-major over <see cref="Dims"/>.
    /// </summary>
    internal sealed class FoldedTensor
    {
        public FoldedTensor(TensorElementType type, long[] dims, double[] values)
        {
            Type = type;
            Dims = dims ?? throw new ArgumentNullException(nameof(dims));
            Values = values ?? throw new ArgumentNullException(nameof(values));
            if (dims.Aggregate(1L, (a, d) => a * d) != values.Length)
            {
                throw new ArgumentException($"{values.Length} values do not fill {TensorShape.Format(dims)}");
            }
        }

        public TensorElementType Type { get; }

        public long[] Dims { get; }

        public double[] Values { get; }

        /// <summary>Integer and boolean tensors: the ones whose values other ops read as shapes, axes, pads or indices.</summary>
        public bool IsInteger => IsIntegerType(Type);

        public long[] ToInt64() => Values.Select(v => (long)v).ToArray();

        public static bool IsIntegerType(TensorElementType type) => type is TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Int16
            or TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.UInt16 or TensorElementType.UInt32 or TensorElementType.UInt64
            or TensorElementType.Bool;

        public static bool IsFloatType(TensorElementType type) =>
            type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 or TensorElementType.BFloat16;

        public static FoldedTensor Vector(TensorElementType type, double[] values) => new FoldedTensor(type, new long[] { values.Length }, values);

        public static FoldedTensor? From(OnnxTensor t)
        {
            if (t.Int64Values != null)
            {
                return new FoldedTensor(t.ElementType, t.Dims, t.Int64Values.Select(v => (double)v).ToArray());
            }

            return t.FloatValues != null && t.FloatValues.Length <= ConstantFolding.MaxElements
                ? new FoldedTensor(t.ElementType, t.Dims, t.FloatValues.Select(v => (double)v).ToArray())
                : null;
        }
    }
}
