using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>
    /// Shapes of ONNX Runtime's com.microsoft QLinear contrib ops (QOperator int8 models). Each has the shape of the
    /// float op it quantizes; the element type is that of its data input (uint8 or int8).
    /// </summary>
    internal partial class ShapeInference
    {
        private TensorShape?[] InferMicrosoft(OnnxNode node)
        {
            switch (node.OpType)
            {
                case "QLinearSigmoid":
                case "QLinearLeakyRelu":
                case "QLinearSoftmax":
                    return new[] { In(node, 0) };
                case "QLinearAdd":
                case "QLinearMul":
                    {
                        long[]? a = Dims(node, 0), b = Dims(node, 3);
                        return new[] { a == null || b == null ? null : new TensorShape(TypeOf(node, 0), TensorShape.Broadcast(a, b)) };
                    }

                case "QLinearConcat":
                    return new[] { InferQuantizedConcat(node) };
                case "QGemm":
                    return new[] { InferGemm(node) };
                case "QLinearAveragePool":
                    return new[] { node.Int("channels_last", 0) == 0 ? InferPool(node) : null };
                case "QLinearGlobalAveragePool":
                    {
                        long[]? d = Dims(node, 0);
                        bool last = node.Int("channels_last", 0) != 0;
                        int channel = last ? d?.Length - 1 ?? 1 : 1;
                        return new[] { d == null ? null : new TensorShape(TypeOf(node, 0), d.Select((v, i) => i == 0 || i == channel ? v : 1).ToArray()) };
                    }

                default:
                    return System.Array.Empty<TensorShape>();
            }
        }

        /// <summary>QLinearConcat: Y_scale, Y_zero_point, then a (tensor, scale, zero point) triple per input.</summary>
        private TensorShape? InferQuantizedConcat(OnnxNode node)
        {
            var inputs = node.Inputs.Where((n, i) => i >= 2 && (i - 2) % 3 == 0 && n.Length > 0).Select(n => ShapeOf(n)?.Dims).ToList();
            if (inputs.Count == 0 || inputs.Any(d => d == null))
            {
                return null;
            }

            long[] dims = (long[])inputs[0]!.Clone();
            int axis = NormaliseAxis(node.Int("axis", 0), dims.Length);
            dims[axis] = inputs.Any(d => d![axis] < 0) ? -1 : inputs.Sum(d => d![axis]);
            return new TensorShape(TypeOf(node, 2), dims);
        }
    }
}
