using System;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Gpu
{
    /// <summary>
    /// The quantized operators of the QOperator int8 format (ONNX's QLinearConv and QLinearMatMul, ONNX Runtime's
    /// com.microsoft QLinearAdd, QLinearGlobalAveragePool and QGemm). As for QDQ models, the device keeps every
    /// quantized activation as the float it stands for, (q − z)·s: a quantized operator is its float op on those
    /// values, with the weights and the int32 bias dequantized at load, followed by the requantization to its output
    /// grid. A checkpoint's 0 is then the zero point, the neutral value the plan asks for.
    /// </summary>
    /// <remarks>
    /// ONNX Runtime's int8 kernels accumulate exactly in int32 and requantize with one float multiply; the device sums
    /// the dequantized products in float. The two can land on either side of a rounding step and differ by a whole
    /// quantum there, as ONNX Runtime's fused QDQ kernels do (the agreement rule for quantized models in verify).
    /// </remarks>
    public sealed partial class GpuLayers
    {
        /// <summary>Quantized convolution: the convolution of the dequantized input and weights plus the dequantized bias, requantized.</summary>
        public DeviceTensor QLinearConv(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, ConvCore(x.Node, x[0], x[3], x.Has(8) ? x[8] : null), scaleInput: 6, zeroInput: 7, axis: 1), pendingInput0: true);

        /// <summary>Quantized matrix product [..., K] × [K, N] of the dequantized operands, requantized.</summary>
        public DeviceTensor QLinearMatMul(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, MatMulCore(x.Node, x[0], x[3]), scaleInput: 6, zeroInput: 7, axis: -1));

        /// <summary>ONNX Runtime's quantized sum (com.microsoft): the sum of the dequantized inputs, requantized.</summary>
        public DeviceTensor QLinearAdd(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, Binary(x[0], x[3], Kernels.OpAdd), scaleInput: 6, zeroInput: 7, axis: 1));

        /// <summary>
        /// ONNX Runtime's quantized global average (com.microsoft, channels first): with the input's mask Σx·m / Σm
        /// of the dequantized values (0 when nothing is present), requantized.
        /// </summary>
        public DeviceTensor QLinearGlobalAveragePool(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            return Requantize(ChannelsFirst(x.Node), GlobalPool(x[0], max: false, x.Mask), scaleInput: 3, zeroInput: 4, axis: 1);
        });

        /// <summary>
        /// ONNX Runtime's quantized Gemm (com.microsoft): α·A·B of the dequantized operands plus the dequantized int32
        /// bias, requantized when the node has an output scale, else the float result.
        /// </summary>
        public DeviceTensor QGemm(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            OnnxNode n = x.Node;
            DeviceTensor y = GemmCore(n, x[0], x[3], x.Has(6) ? x[6] : null, n.Int("transA", 0) != 0, n.Int("transB", 0) != 0, n.Float("alpha", 1f), 1f);
            return x.Has(7) ? Requantize(n, y, scaleInput: 7, zeroInput: 8, axis: 1) : y;
        });

        /// <summary>ONNX Runtime's quantized product (com.microsoft): the product of the dequantized inputs, requantized.</summary>
        public DeviceTensor QLinearMul(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, Binary(x[0], x[3], Kernels.OpMul), scaleInput: 6, zeroInput: 7, axis: 1));

        /// <summary>ONNX Runtime's quantized concatenation (com.microsoft): the dequantized inputs joined along 'axis', requantized to the output's grid.</summary>
        public DeviceTensor QLinearConcat(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            // Y_scale, Y_zero_point, then (X, X_scale, X_zero_point) per input.
            DeviceTensor[] parts = Enumerable.Range(0, (x.Tensors.Length - 2) / 3).Select(i => x[2 + 3 * i]).ToArray();
            return Requantize(x.Node, ConcatCore(x.Node, parts), scaleInput: 0, zeroInput: 1, axis: 1);
        });

        /// <summary>
        /// ONNX Runtime's quantized average pooling (com.microsoft, channels first): with the input's mask, the average of
        /// the present positions of the dequantized values, requantized.
        /// </summary>
        public DeviceTensor QLinearAveragePool(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, AveragePoolCore(ChannelsFirst(x.Node), x[0], x.Mask), scaleInput: 3, zeroInput: 4, axis: 1));

        /// <summary>ONNX Runtime's quantized leaky ReLU (com.microsoft), requantized.</summary>
        public DeviceTensor QLinearLeakyRelu(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, Unary(x[0], Kernels.UnaryLeakyRelu, x.Node.Float("alpha", 0.01f), 0f), scaleInput: 3, zeroInput: 4, axis: 1));

        /// <summary>ONNX Runtime's quantized sigmoid (com.microsoft), requantized.</summary>
        public DeviceTensor QLinearSigmoid(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, Unary(x[0], Kernels.UnarySigmoid, 0f, 0f), scaleInput: 3, zeroInput: 4, axis: 1));

        /// <summary>ONNX Runtime's quantized softmax (com.microsoft) along 'axis', requantized.</summary>
        public DeviceTensor QLinearSoftmax(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, SoftmaxCore(x.Node, x[0]), scaleInput: 3, zeroInput: 4, axis: 1));

        private static OnnxNode ChannelsFirst(OnnxNode node) => node.Int("channels_last", 0) == 0 ? node :
            throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): channels_last = 1 is not supported by the GPU runtime");
    }
}
