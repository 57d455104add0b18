namespace ConvAD.Onnx
{
    /// <summary>ONNX <c>TensorProto.DataType</c> values.</summary>
    public enum TensorElementType
    {
        /// <summary>No type given (0): not valid for a tensor ConvAD reads.</summary>
        Undefined = 0,
        /// <summary>32-bit IEEE float.</summary>
        Float = 1,
        /// <summary>Unsigned 8-bit integer (quantized tensors).</summary>
        UInt8 = 2,
        /// <summary>Signed 8-bit integer (quantized tensors).</summary>
        Int8 = 3,
        /// <summary>Unsigned 16-bit integer.</summary>
        UInt16 = 4,
        /// <summary>Signed 16-bit integer.</summary>
        Int16 = 5,
        /// <summary>Signed 32-bit integer.</summary>
        Int32 = 6,
        /// <summary>Signed 64-bit integer (shapes, indices).</summary>
        Int64 = 7,
        /// <summary>UTF-8 strings.</summary>
        String = 8,
        /// <summary>Booleans, one byte each.</summary>
        Bool = 9,
        /// <summary>16-bit IEEE half-precision float.</summary>
        Float16 = 10,
        /// <summary>64-bit IEEE float.</summary>
        Double = 11,
        /// <summary>Unsigned 32-bit integer.</summary>
        UInt32 = 12,
        /// <summary>Unsigned 64-bit integer.</summary>
        UInt64 = 13,
        /// <summary>Complex number of two 32-bit floats.</summary>
        Complex64 = 14,
        /// <summary>Complex number of two 64-bit floats.</summary>
        Complex128 = 15,
        /// <summary>16-bit brain float (8-bit exponent, 7-bit mantissa).</summary>
        BFloat16 = 16,
    }

    internal static class TensorElementTypeExtensions
    {
        /// <summary>Bytes per element, or 0 where the size is not fixed.</summary>
        public static int Size(this TensorElementType type)
        {
            switch (type)
            {
                case TensorElementType.Float:
                case TensorElementType.Int32:
                case TensorElementType.UInt32:
                    return 4;
                case TensorElementType.UInt8:
                case TensorElementType.Int8:
                case TensorElementType.Bool:
                    return 1;
                case TensorElementType.UInt16:
                case TensorElementType.Int16:
                case TensorElementType.Float16:
                case TensorElementType.BFloat16:
                    return 2;
                case TensorElementType.Int64:
                case TensorElementType.Double:
                case TensorElementType.UInt64:
                case TensorElementType.Complex64:
                    return 8;
                case TensorElementType.Complex128:
                    return 16;
                default:
                    return 0;
            }
        }

        public static bool IsFloatingPoint(this TensorElementType type) =>
            type == TensorElementType.Float || type == TensorElementType.Float16 ||
            type == TensorElementType.Double || type == TensorElementType.BFloat16;

        public static bool IsQuantized(this TensorElementType type) =>
            type == TensorElementType.UInt8 || type == TensorElementType.Int8;

        public static string DisplayName(this TensorElementType type)
        {
            switch (type)
            {
                case TensorElementType.Float: return "float32";
                case TensorElementType.Float16: return "float16";
                case TensorElementType.Double: return "float64";
                case TensorElementType.BFloat16: return "bfloat16";
                default: return type.ToString().ToLowerInvariant();
            }
        }
    }
}
