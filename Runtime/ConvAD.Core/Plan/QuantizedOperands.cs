using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Plan
{
    /// <summary>
    /// Where the quantized operators (QOperator format: the ONNX QLinear/Integer ops and ONNX Runtime's com.microsoft
    /// QLinear contrib ops) keep their data and their zero points. A zero point is the integer that stands for the real
    /// value 0, so it is the quantized neutral value a checkpoint writes.
    /// </summary>
    internal static class QuantizedOperands
    {
        /// <summary>The data inputs of a node: its tensors, without the scales and zero points that describe them.</summary>
        public static IEnumerable<string> Data(OnnxNode node) => node.OpType switch
        {
            // Y_scale, Y_zero_point, then (X, X_scale, X_zero_point) per input.
            "QLinearConcat" => node.Inputs.Where((_, i) => i >= 2 && (i - 2) % 3 == 0),
            // A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale, C_zero_point.
            "QLinearAdd" or "QLinearMul" => node.Inputs.Where((_, i) => i == 0 || i == 3),
            _ => node.Inputs,
        };

        /// <summary>
        /// The input index of the zero point with which <paramref name="consumer"/> reads its input
        /// <paramref name="inputIndex"/>, or null when the op does not read that input as a quantized value.
        /// </summary>
        public static int? InputZeroPoint(OnnxNode consumer, int inputIndex) => consumer.OpType switch
        {
            // x, x_scale, x_zero_point, … (QLinearConv, QLinearMatMul, the unary and pooling contrib ops);
            // ConvInteger and MatMulInteger: x, w, x_zero_point, w_zero_point.
            "QLinearConv" or "QLinearMatMul" or "QLinearAveragePool" or "QLinearGlobalAveragePool" or "QLinearSigmoid"
                or "QLinearLeakyRelu" or "QLinearSoftmax" or "ConvInteger" or "MatMulInteger" when inputIndex == 0 => 2,
            "QLinearAdd" or "QLinearMul" when inputIndex == 0 || inputIndex == 3 => inputIndex + 2,
            "QLinearConcat" when inputIndex >= 2 && (inputIndex - 2) % 3 == 0 => inputIndex + 2,
            "DequantizeLinear" when inputIndex == 0 => 2,
            _ => null,
        };

        /// <summary>The input index of the zero point of a quantizing node's (first) output, or null.</summary>
        public static int? OutputZeroPoint(OnnxNode producer) => producer.OpType switch
        {
            "QuantizeLinear" => 2,
            "QLinearConv" or "QLinearMatMul" or "QLinearAdd" or "QLinearMul" => 7,
            "QLinearConcat" => 1,
            // ONNX Runtime's QGemm: A, a_scale, a_zero_point, B, b_scale, b_zero_point, C, y_scale, y_zero_point; without
            // y_scale its output is float, and there is no zero point to keep.
            "QGemm" when producer.Inputs.Count > 8 && producer.Input(7).Length > 0 => 8,
            "QLinearAveragePool" or "QLinearGlobalAveragePool" or "QLinearSigmoid" or "QLinearLeakyRelu" or "QLinearSoftmax" => 4,
            _ => null,
        };

        /// <summary>Ops that move quantized values without changing them: their output has their input's zero point.</summary>
        public static bool KeepsZeroPoint(OnnxNode node) =>
            node.Domain.Length == 0 && node.OpType is "Reshape" or "Flatten" or "Squeeze" or "Unsqueeze" or "Transpose" or "Slice" or "Split"
                or "Identity" or "MaxPool" or "Pad";
    }
}
