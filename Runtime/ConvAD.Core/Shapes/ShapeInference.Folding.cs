using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>Shapes of the small tensors that compute other shapes (their values: <see cref="ConstantFolding"/>).</summary>
    internal partial class ShapeInference
    {
        private TensorShape? InferConstant(OnnxNode node)
        {
            foreach (OnnxAttribute a in node.Attributes.Values)
            {
                switch (a.Name)
                {
                    case "value" when a.Tensor != null:
                        return new TensorShape(a.Tensor.ElementType, a.Tensor.Dims);
                    case "value_int":
                        return new TensorShape(TensorElementType.Int64, Array.Empty<long>());
                    case "value_ints":
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
            return new TensorShape(TensorElementType.Int64, new long[] { Math.Max(0, e - s) });
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
            long[] dims = data.Take(axis).Concat(indices).Concat(data.Skip(axis + 1)).ToArray();
            return new TensorShape(TypeOf(node, 0), dims);
        }
    }
}
