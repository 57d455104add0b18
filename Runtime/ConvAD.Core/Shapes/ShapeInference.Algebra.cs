using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>Shapes of broadcasting, matrix products and reductions.</summary>
    internal partial class ShapeInference
    {
        private TensorShape? InferBroadcast(OnnxNode node)
        {
            long[]? result = null;
            TensorElementType type = TensorElementType.Undefined;
            int first = node.OpType == "Where" ? 1 : 0;
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                long[]? d = Dims(node, i);
                if (d == null)
                {
                    return null;
                }

                result = result == null ? d : TensorShape.Broadcast(result, d);
                if (i == first)
                {
                    type = TypeOf(node, i);
                }
            }

            if (node.OpType is "Equal" or "Greater" or "Less" or "GreaterOrEqual" or "LessOrEqual" or "And" or "Or" or "Xor")
            {
                type = TensorElementType.Bool;
            }

            return result == null ? null : new TensorShape(type, result);
        }

        /// <summary>
        /// Gemm, and com.microsoft.QGemm (A, a_scale, a_zero_point, B, …): its output is quantized to y_zero_point's type
        /// when y_scale is given (input 7; uint8 without a zero point), float otherwise.
        /// </summary>
        private TensorShape? InferGemm(OnnxNode node)
        {
            bool quantized = node.OpType == "QGemm";
            long[]? a = Dims(node, 0);
            long[]? b = Dims(node, quantized ? 3 : 1);
            if (a == null || b == null || a.Length != 2 || b.Length != 2)
            {
                return null;
            }

            long m = node.Int("transA", 0) != 0 ? a[1] : a[0];
            long n = node.Int("transB", 0) != 0 ? b[0] : b[1];
            TensorElementType type = !quantized ? TypeOf(node, 0)
                : node.Input(7).Length == 0 ? TensorElementType.Float
                : node.Input(8).Length == 0 ? TensorElementType.UInt8
                : TypeOf(node, 8);
            return new TensorShape(type, new[] { m, n });
        }

        private TensorShape? InferMatMul(OnnxNode node)
        {
            bool qlinear = node.OpType == "QLinearMatMul";
            long[]? a = Dims(node, 0);
            long[]? b = Dims(node, qlinear ? 3 : 1);
            if (a == null || b == null || a.Length == 0 || b.Length == 0)
            {
                return null;
            }

            TensorElementType type = qlinear ? TypeOf(node, 7) : node.OpType == "MatMulInteger" ? TensorElementType.Int32 : TypeOf(node, 0);
            if (b.Length == 1)
            {
                return new TensorShape(type, a.Take(a.Length - 1).ToArray());
            }

            if (a.Length == 1)
            {
                return new TensorShape(type, b.Take(b.Length - 2).Concat(new[] { b[b.Length - 1] }).ToArray());
            }

            long[] batch = TensorShape.Broadcast(a.Take(a.Length - 2).ToArray(), b.Take(b.Length - 2).ToArray());
            return new TensorShape(type, batch.Concat(new[] { a[a.Length - 2], b[b.Length - 1] }).ToArray());
        }

        private TensorShape? InferReduce(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            if (x == null)
            {
                return null;
            }

            long[]? axes = ReduceAxes(node, x.Length);
            if (axes == null)
            {
                return null;
            }

            bool keep = node.Int("keepdims", 1) != 0;
            var set = new HashSet<long>(axes);
            var dims = new List<long>();
            for (int i = 0; i < x.Length; i++)
            {
                if (!set.Contains(i))
                {
                    dims.Add(x[i]);
                }
                else if (keep)
                {
                    dims.Add(1);
                }
            }

            return new TensorShape(TypeOf(node, 0), dims.ToArray());
        }

        /// <summary>The normalised axes a Reduce* node reduces, or null when they are not static.</summary>
        public long[]? ReduceAxes(OnnxNode node, int rank)
        {
            long[]? axes = AxesOf(node, 1);
            if (axes == null || axes.Length == 0)
            {
                bool axesInputGiven = node.Inputs.Count > 1 && node.Input(1).Length > 0;
                if (axesInputGiven && axes == null)
                {
                    return null;
                }

                return node.Int("noop_with_empty_axes", 0) != 0 ? Array.Empty<long>() : Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
            }

            return axes.Select(a => (long)NormaliseAxis(a, rank)).Distinct().OrderBy(a => a).ToArray();
        }
    }
}
