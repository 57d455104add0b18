using System;
using ILGPU;

namespace ConvAD.Gpu
{
    internal static partial class Kernels
    {
        /// <summary>Binary op codes. Max and Min return NaN when either operand is NaN.</summary>
        public const int OpAdd = 0, OpSub = 1, OpMul = 2, OpDiv = 3, OpMax = 4, OpMin = 5, OpPow = 6;

        /// <summary>
        /// Unary op codes, and what the kernel's <c>low</c>/<c>high</c> arguments mean for each:
        /// Clip(low = min, high = max); HardSigmoid(low = alpha, high = beta) = max(0, min(1, αx + β)), ONNX
        /// defaults α = 0.2, β = 0.5; LeakyRelu(low = alpha), ONNX default 0.01; the others ignore both.
        /// HardSwish = x·max(0, min(1, x/6 + 1/2)). Tanh, Exp, Erf (and Sigmoid, through Exp) use the
        /// float implementations of Kernels.Math.cs; Sqrt is correctly rounded; Reciprocal = 1/x.
        /// </summary>
        public const int UnaryIdentity = 0, UnaryRelu = 1, UnaryClip = 2, UnarySigmoid = 3, UnaryHardSwish = 4, UnaryHardSigmoid = 5,
            UnaryLeakyRelu = 6, UnaryTanh = 7, UnaryExp = 8, UnarySqrt = 9, UnaryErf = 10, UnaryNeg = 11, UnaryAbs = 12, UnaryReciprocal = 13;

        /// <summary>
        /// Element-wise binary op with numpy broadcasting. meta = [rank, outDims…, aStrides…, bStrides…]
        /// (a stride of 0 repeats an operand along a broadcast axis). OpPow raises a to b (ONNX Pow,
        /// typically with a constant exponent; see <see cref="Pow"/>).
        /// </summary>
        public static void Binary(Index1D t, Chunk chunk, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, ArrayView<int> meta, int op)
        {
            int rank = meta[0];
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int rest = i;
                int ia = 0, ib = 0;
                for (int d = rank - 1; d >= 0; d--)
                {
                    int extent = meta[1 + d];
                    int k = rest % extent;
                    rest /= extent;
                    ia += k * meta[1 + rank + d];
                    ib += k * meta[1 + 2 * rank + d];
                }

                y[i] = BinaryOp(a[ia], b[ib], op);
            }
        }

        private static float BinaryOp(float u, float v, int op)
        {
            if (op == OpAdd)
            {
                return u + v;
            }

            if (op == OpSub)
            {
                return u - v;
            }

            if (op == OpMul)
            {
                return u * v;
            }

            if (op == OpDiv)
            {
                return u / v;
            }

            if (op == OpMax)
            {
                return u > v || float.IsNaN(u) ? u : v;
            }

            if (op == OpMin)
            {
                return u < v || float.IsNaN(u) ? u : v;
            }

            return Pow(u, v);
        }

        /// <summary>Element-wise unary op (see the Unary* op codes for what <paramref name="low"/> and <paramref name="high"/> mean).</summary>
        public static void Unary(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> y, int op, float low, float high)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                y[i] = UnaryOp(x[i], op, low, high);
            }
        }

        private static float UnaryOp(float v, int op, float low, float high)
        {
            if (op == UnaryRelu)
            {
                return v > 0f ? v : 0f;
            }

            if (op == UnaryClip)
            {
                return v < low ? low : v > high ? high : v;
            }

            if (op == UnarySigmoid)
            {
                return 1f / (1f + Exp(-v));
            }

            if (op == UnaryHardSwish)
            {
                return v * Saturate(v / 6f + 0.5f);
            }

            if (op == UnaryHardSigmoid)
            {
                return Saturate(low * v + high);
            }

            if (op == UnaryLeakyRelu)
            {
                return v >= 0f ? v : low * v;
            }

            if (op == UnaryTanh)
            {
                return Tanh(v);
            }

            if (op == UnaryExp)
            {
                return Exp(v);
            }

            if (op == UnarySqrt)
            {
                return MathF.Sqrt(v);
            }

            if (op == UnaryErf)
            {
                return Erf(v);
            }

            if (op == UnaryNeg)
            {
                return -v;
            }

            if (op == UnaryAbs)
            {
                return MathF.Abs(v);
            }

            if (op == UnaryReciprocal)
            {
                return 1f / v;
            }

            return v;
        }

        /// <summary>max(0, min(1, v)); NaN stays NaN.</summary>
        private static float Saturate(float v) => v < 0f ? 0f : v > 1f ? 1f : v;

        /// <summary>Inference BatchNormalization folded into a per-channel scale and shift (channel = axis 1).</summary>
        public static void ScaleShift(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> scale, ArrayView<float> shift, ArrayView<float> y, int c, int hw)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int ch = i / hw % c;
                y[i] = x[i] * scale[ch] + shift[ch];
            }
        }
    }
}
