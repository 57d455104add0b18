using System;

namespace ConvAD.Onnx
{
    /// <summary>IEEE 754 half-precision bit patterns to float (netstandard2.0 has no System.Half; named so as not to hide it on net10.0).</summary>
    internal static class Float16Bits
    {
        public static float ToSingle(ushort bits)
        {
            int sign = (bits >> 15) & 1;
            int exponent = (bits >> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            float value;
            if (exponent == 0)
            {
                value = mantissa * (1f / (1 << 24));
            }
            else if (exponent == 31)
            {
                value = mantissa == 0 ? float.PositiveInfinity : float.NaN;
            }
            else
            {
                value = (float)((1 + mantissa / 1024.0) * Math.Pow(2, exponent - 15));
            }

            return sign == 1 ? -value : value;
        }
    }
}
