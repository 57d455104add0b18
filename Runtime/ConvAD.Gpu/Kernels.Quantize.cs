using System;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>
    /// QuantizeLinear → DequantizeLinear on an activation. Per tensor: Channels = 1. Per axis: the tensor's
    /// element i belongs to channel (i / ChannelStride) % Channels, ChannelStride being the product of the
    /// dimensions after the quantisation axis. QMin/QMax: −128/127 for int8, 0/255 for uint8.
    /// </summary>
    internal struct QuantParams
    {
        public int ChannelStride, Channels, QMin, QMax;
    }

    internal static partial class Kernels
    {
        /// <summary>
        /// Fake quantisation y = (clamp(round(x / s) + z, qmin, qmax) − z)·s with s = scale[ch], z = zeroPoint[ch],
        /// rounding half to even. As ONNX Runtime's CPU kernels (MLAS): x is divided by the scale (not
        /// multiplied by its reciprocal), clamped to [qmin − z, qmax − z] and rounded — the same integer as
        /// rounding first, since the bounds are integers — and dequantised as a float (q − z)·s. A NaN stays NaN.
        /// </summary>
        public static void FakeQuantize(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> scale, ArrayView<int> zeroPoint, ArrayView<float> y, QuantParams p)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int ch = i / p.ChannelStride % p.Channels;
                float s = scale[ch];
                int z = zeroPoint[ch];
                float lo = p.QMin - z, hi = p.QMax - z;
                float v = x[i] / s;
                v = v < lo ? lo : v > hi ? hi : v;
                y[i] = RoundHalfEven(v) * s;
            }
        }

        /// <summary>
        /// The integers q − z that dequantized values x = (q − z)·s stand for: round(x / s) half to even, clamped to
        /// [<paramref name="low"/>, <paramref name="high"/>] = [qmin − z, qmax − z] as <see cref="FakeQuantize"/> clamps.
        /// x / s lies within an ulp of the integer (|q − z| ≤ 255), so the rounding gives it back exactly. What
        /// ConvInteger and MatMulInteger read from an activation the device holds dequantized.
        /// </summary>
        public static void GridIntegers(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> y, float scale, float low, float high)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                float v = x[i] / scale;
                v = v < low ? low : v > high ? high : v;
                y[i] = RoundHalfEven(v);
            }
        }
    }
}
