namespace ConvAD.Onnx
{
    /// <summary>ONNX <c>TensorProto.DataType</c> values.</summary>
    public enum TensorElementType
    {
        Undefined = 0,
        Float = 1,
        UInt8 = 2,
        Int8 = 3,
        UInt16 = 4,
        Int16 = 5,
        Int32 = 6,
        Int64 = 7,
        String = 8,
        Bool = 9,
        Float16 = 10,
        Double = 11,
        UInt32 = 12,
        UInt64 = 13,
        Complex64 = 14,
        Complex128 = 15,
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
