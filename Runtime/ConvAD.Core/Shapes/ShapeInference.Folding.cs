using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>Shapes and folded values of the small integer tensors that compute other shapes.</summary>
    public sealed partial class ShapeInference
    {
        private void FoldArithmetic(OnnxNode node, long[] shape)
        {
            long[]? a = ConstantOf(node.Input(0));
            long[]? b = ConstantOf(node.Input(1));
            if (a == null || b == null || shape.Length > 1 || (a.Length != 1 && b.Length != 1 && a.Length != b.Length))
            {
                return;
            }

            int n = Math.Max(a.Length, b.Length);
            var r = new long[n];
            for (int i = 0; i < n; i++)
            {
                long x = a[a.Length == 1 ? 0 : i];
                long y = b[b.Length == 1 ? 0 : i];
                r[i] = node.OpType == "Add" ? x + y : node.OpType == "Sub" ? x - y : node.OpType == "Mul" ? x * y : y == 0 ? 0 : x / y;
            }

            _constants[node.Outputs[0]] = r;
        }

        private TensorShape? InferConstant(OnnxNode node)
        {
            foreach (OnnxAttribute a in node.Attributes.Values)
            {
                switch (a.Name)
                {
                    case "value" when a.Tensor != null:
                        if (a.Tensor.Int64Values != null)
                        {
                            _constants[node.Outputs[0]] = a.Tensor.Int64Values;
                        }

                        return new TensorShape(a.Tensor.ElementType, a.Tensor.Dims);
                    case "value_int":
                        _constants[node.Outputs[0]] = new[] { a.I };
                        return new TensorShape(TensorElementType.Int64, Array.Empty<long>());
                    case "value_ints":
                        _constants[node.Outputs[0]] = a.Ints;
                        return new TensorShape(TensorElementType.Int64, new long[] { a.Ints.Length });
                    case "value_float":
                        return new TensorShape(TensorElementType.Float, Array.Empty<long>());
                    case "value_floats":
                        return new TensorShape(TensorElementType.Float, new long[] { a.Floats.Length });
                }
            }

            return null;
        }

        private TensorShape? InferShapeOp(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            if (x == null)
            {
                return null;
            }

            long start = node.Int("start", 0);
            long end = node.Int("end", x.Length);
            int s = (int)Clamp(start < 0 ? start + x.Length : start, 0, x.Length);
            int e = (int)Clamp(end < 0 ? end + x.Length : end, 0, x.Length);
            long[] values = x.Skip(s).Take(Math.Max(0, e - s)).ToArray();
            if (values.All(v => v >= 0))
            {
                _constants[node.Outputs[0]] = values;
            }

            return new TensorShape(TensorElementType.Int64, new long[] { values.Length });
        }

        private TensorShape? InferGather(OnnxNode node)
        {
            long[]? data = Dims(node, 0);
            long[]? indices = Dims(node, 1);
            if (data == null || indices == null)
            {
                return null;
            }

            int axis = NormaliseAxis(node.Int("axis", 0), data.Length);
            long[]? values = ConstantOf(node.Input(0));
            long[]? index = ConstantOf(node.Input(1));
            if (values != null && index != null && data.Length == 1)
            {
                _constants[node.Outputs[0]] = index.Select(i => values[(int)(i < 0 ? i + values.Length : i)]).ToArray();
            }

            long[] dims = data.Take(axis).Concat(indices).Concat(data.Skip(axis + 1)).ToArray();
            return new TensorShape(TypeOf(node, 0), dims);
        }
    }
}
