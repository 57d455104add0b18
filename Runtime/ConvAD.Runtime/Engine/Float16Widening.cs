using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>
    /// Runs an fp16 model in fp32 on the CPU. ONNX Runtime's CPU provider has no fp16 kernels for the ops
    /// of a CNN and already executes such a graph in fp32, with casts at its edges; doing the widening in
    /// the file instead (weights converted exactly, inputs and outputs fp32) gives the same arithmetic and
    /// lets ConvAD's checkpoints join ONNX Runtime's fast fp32 paths. GPU providers keep the fp16 graph.
    /// </summary>
    internal static class Float16Widening
    {
        /// <summary>Whether the model has fp16 tensors and every place that names fp16 can be widened.</summary>
        public static bool Applies(OnnxModel model, ConvAdPlan plan)
        {
            OnnxGraph g = model.Graph;
            bool hasHalf = g.Inputs.Concat(g.Outputs).Any(v => v.ElementType == TensorElementType.Float16) ||
                g.Initializers.Values.Any(t => t.ElementType == TensorElementType.Float16);
            return hasHalf && plan.Shapes != null && g.Nodes.All(CanWiden);
        }

        /// <summary>Cast is rewritten; ops that create fp16 tensors from attributes are not widened (the model then stays fp16).</summary>
        private static bool CanWiden(OnnxNode node) =>
            node.Domain.Length == 0 && node.OpType switch
            {
                "Constant" or "ConstantOfShape" => node.Attributes.Values.All(a => a.Tensor == null || a.Tensor.ElementType != TensorElementType.Float16),
                "EyeLike" or "RandomNormal" or "RandomUniform" or "RandomNormalLike" or "RandomUniformLike" or "Multinomial" or "Bernoulli" =>
                    node.Int("dtype", 0) != (long)TensorElementType.Float16,
                _ => true,
            };

        public static TensorElementType Widen(TensorElementType type) => type == TensorElementType.Float16 ? TensorElementType.Float : type;

        /// <summary>Re-encodes an fp16 initializer as fp32, keeping its name and shape.</summary>
        public static byte[] WidenInitializer(byte[] source, OnnxTensor tensor)
        {
            float[] values = TensorPayload.ReadFloats(source, tensor);
            var w = new ProtoWriter();
            foreach (long d in tensor.Dims)
            {
                w.Varint(OnnxProto.Tensor.Dims, d);
            }

            w.Varint(OnnxProto.Tensor.DataType, (long)TensorElementType.Float);
            w.String(OnnxProto.Tensor.Name, tensor.Name);
            var raw = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
            w.Bytes(OnnxProto.Tensor.RawData, raw);
            return w.ToArray();
        }
    }
}
