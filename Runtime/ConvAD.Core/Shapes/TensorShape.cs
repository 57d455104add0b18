using System;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>A tensor's inferred element type and dimensions (-1 where unknown).</summary>
    internal sealed class TensorShape
    {
        public TensorShape(TensorElementType elementType, long[]? dims)
        {
            ElementType = elementType;
            Dims = dims;
        }

        public TensorElementType ElementType { get; }

        /// <summary>The dimensions, or null when even the rank is unknown.</summary>
        public long[]? Dims { get; }

        public int Rank => Dims?.Length ?? -1;

        public bool IsFullyKnown => Dims != null && Dims.All(d => d >= 0);

        public long ElementCount => Dims == null ? -1 : Dims.Aggregate(1L, (a, d) => d < 0 || a < 0 ? -1 : a * d);

        public TensorShape WithType(TensorElementType type) => new TensorShape(type, Dims);

        public override string ToString() => Dims == null ? "?" : "[" + string.Join(",", Dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

        public static string Format(long[]? dims) => new TensorShape(TensorElementType.Undefined, dims).ToString();

        /// <summary>The numpy-style broadcast of two shapes (unknown extents, negative, give way to known ones).</summary>
        /// <exception cref="ShapeException">The shapes do not broadcast.</exception>
        public static long[] Broadcast(long[] a, long[] b)
        {
            int rank = Math.Max(a.Length, b.Length);
            var result = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                long x = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
                long y = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
                result[i] = x == 1 ? y : y == 1 ? x : x == y ? x : (x < 0 || y < 0 ? Math.Max(x, y) : -2);
                if (result[i] == -2)
                {
                    throw new ShapeException($"shapes {Format(a)} and {Format(b)} do not broadcast");
                }
            }

            return result;
        }
    }

    /// <summary>Shapes in the model are inconsistent.</summary>
    public sealed class ShapeException : Exception
    {
        /// <summary>Inconsistent shapes.</summary>
        /// <param name="message">Which tensors or node disagree, and how.</param>
        public ShapeException(string message)
            : base(message)
        {
        }
    }
}
