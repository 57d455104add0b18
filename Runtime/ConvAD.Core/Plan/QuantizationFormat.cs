using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Plan
{
    /// <summary>How a model stores 8-bit quantized computation, as ONNX Runtime's quantizer names the two formats.</summary>
    internal static class QuantizationFormat
    {
        /// <summary>
        /// "QOperator int8" when the graph computes with quantized operators (QLinearConv, QLinearMatMul, ConvInteger,
        /// MatMulInteger, the com.microsoft QLinear ops), "QDQ int8" when it only brackets float ops with
        /// QuantizeLinear/DequantizeLinear, null for a float model. ("int8" for both 8-bit types, as ONNX Runtime says.)
        /// </summary>
        public static string? Of(OnnxModel model)
        {
            if (model.Graph.Nodes.Any(IsQuantizedOperator))
            {
                return "QOperator int8";
            }

            return model.Graph.Nodes.Any(n => n.Domain.Length == 0 && n.OpType is "QuantizeLinear" or "DequantizeLinear") ? "QDQ int8" : null;
        }

        /// <summary>
        /// One of ONNX Runtime's quantized contrib ops (com.microsoft QLinear* and QGemm). Their names are not ONNX ops,
        /// so a runtime method named as the op cannot be mistaken for a default-domain op of the same name.
        /// </summary>
        public static bool IsContribQuantizedOp(string domain, string op) =>
            domain == OpCatalog.MicrosoftDomain && (op.StartsWith("QLinear", System.StringComparison.Ordinal) || op == "QGemm");

        /// <summary>A quantized operator of the QOperator format (it computes on quantized values itself).</summary>
        public static bool IsQuantizedOperator(OnnxNode n) =>
            n.Domain.Length == 0 ? n.OpType is "QLinearConv" or "QLinearMatMul" or "ConvInteger" or "MatMulInteger"
                : n.Domain == OpCatalog.MicrosoftDomain && n.OpType.StartsWith("QLinear", System.StringComparison.Ordinal);
    }
}
