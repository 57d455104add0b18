using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Gpu
{
    /// <summary>
    /// The grids of the activations that ConvInteger and MatMulInteger read. The device holds them dequantized,
    /// (q − z)·s; the ops read q − z. The plan's layer sequence already refuses an activation whose quantizer is not
    /// found or whose scale is computed in the forward pass (<see cref="IntegerOperands"/>); here the values are checked.
    /// </summary>
    public sealed partial class GpuConvAdModel
    {
        /// <summary>
        /// The scale of the activation input <paramref name="input"/> of an integer op, and the bounds qmin − z, qmax − z of
        /// the integers it stands for. Per-tensor scales only, and the op's zero point must be its quantizer's: the op then
        /// reads (q − z), which is value / scale.
        /// </summary>
        internal (float Scale, float Low, float High) IntegerGrid(OnnxNode node, int input)
        {
            string tensor = node.Input(input);
            (OnnxNode Node, int ScaleInput, int ZeroInput) q = IntegerOperands.Quantizer(tensor, Producer, Sequence.IsWeight, out string? why) ??
                throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): the integers of input '{tensor}' cannot be recovered: {why}");
            string Fail(string reason) => $"node '{node.Name}' ({node.OpType}): input '{tensor}' (quantized by {q.Node.OpType} '{q.Node.Name}') {reason}";

            float[] scale = HostValues(q.Node, q.ScaleInput) ?? throw new NotSupportedException(Fail("has a scale that is not a constant"));
            if (scale.Length != 1)
            {
                throw new NotSupportedException(Fail($"has {scale.Length} scales; the GPU runtime recovers integers of per-tensor scales only"));
            }

            float[] zero = HostValues(q.Node, q.ZeroInput) ?? new float[1];
            float[] read = HostValues(node, IntegerOperands.ZeroPointInput(input)) ?? new float[1];
            if (zero.Length != 1 || read.Any(z => z != zero[0]))
            {
                throw new NotSupportedException(Fail($"is read with zero point {string.Join(", ", read)}, not its quantizer's {string.Join(", ", zero)}"));
            }

            TensorElementType type = q.Node.Input(q.ZeroInput).Length > 0 && Graph.Graph.Initializers.TryGetValue(q.Node.Input(q.ZeroInput), out OnnxTensor? z)
                ? z.ElementType : TensorElementType.UInt8;
            (int qmin, int qmax) = type switch
            {
                TensorElementType.UInt8 => (0, 255),
                TensorElementType.Int8 => (-128, 127),
                _ => throw new NotSupportedException(Fail($"is {type}; int8 and uint8 are supported")),
            };
            return (scale[0], qmin - zero[0], qmax - zero[0]);
        }

        /// <summary>Checks at load every activation an integer op reads, so that a model the device cannot run fails there.</summary>
        private void CheckIntegerGrids()
        {
            foreach (OnnxNode node in Plan.Order.Where(n => IntegerOperands.IsIntegerOp(n) && !Sequence.IsLoadTime(n)))
            {
                for (int i = 0; i < 2; i++)
                {
                    if (node.Input(i).Length > 0 && !Sequence.IsWeight(node.Input(i)))
                    {
                        IntegerGrid(node, i);
                    }
                }
            }
        }
    }
}
