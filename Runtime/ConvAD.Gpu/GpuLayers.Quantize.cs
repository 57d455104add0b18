using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>
    /// QDQ models (int8/uint8 activations between QuantizeLinear and DequantizeLinear). The device keeps every
    /// activation in float: QuantizeLinear rounds and saturates to the quantized grid and returns the
    /// dequantized value at once ((q − z)·s, exact), and the DequantizeLinear that reads it, which must use
    /// the same scale and zero point, is then a view. Constant weights are dequantized at load. The quantized
    /// operators of the QOperator format keep the same representation (GpuLayers.QOperator.cs).
    /// </summary>
    public sealed partial class GpuLayers
    {
        /// <summary>Rounds and saturates to the int8 or uint8 grid of a constant scale and zero point, and returns the dequantized value ((q − z)·s).</summary>
        public DeviceTensor QuantizeLinear(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Requantize(x.Node, x[0], scaleInput: 1, zeroInput: 2, axis: x.Node.Int("axis", 1)));

        /// <summary>
        /// <paramref name="x"/> rounded and saturated to the grid of the node's scale and zero point inputs (int8 or
        /// uint8, per tensor or per channel along <paramref name="axis"/>), returned dequantized: what a quantizing
        /// node's output stands for. Without a zero point the grid is uint8, as in the ONNX spec.
        /// </summary>
        private DeviceTensor Requantize(OnnxNode n, DeviceTensor x, int scaleInput, int zeroInput, long axis)
        {
            float[] scale = _model.HostValues(n, scaleInput) ?? throw new NotSupportedException($"node '{n.Name}' ({n.OpType}): the scale '{n.Input(scaleInput)}' is not a constant");
            float[] zero = _model.HostValues(n, zeroInput) ?? new float[scale.Length];
            TensorElementType type = n.Input(zeroInput).Length > 0 && _model.Graph.Graph.Initializers.TryGetValue(n.Input(zeroInput), out OnnxTensor? z) ? z.ElementType : TensorElementType.UInt8;
            (int qmin, int qmax) = type switch
            {
                TensorElementType.UInt8 => (0, 255),
                TensorElementType.Int8 => (-128, 127),
                _ => throw new NotSupportedException($"node '{n.Name}' ({n.OpType}): {type} quantization is not supported (int8 and uint8 are)"),
            };

            long[] s = x.Shape;
            int a = ShapeInference.NormaliseAxis(axis, s.Length);
            var p = new QuantParams
            {
                Channels = scale.Length,
                ChannelStride = scale.Length == 1 ? 1 : checked((int)s.Skip(a + 1).Aggregate(1L, (acc, d) => acc * d)),
                QMin = qmin,
                QMax = qmax,
            };
            if (scale.Length != 1 && (s[a] != scale.Length || zero.Length != scale.Length))
            {
                throw new NotSupportedException($"node '{n.Name}' ({n.OpType}): {scale.Length} scales do not match {TensorShape.Format(s)} along axis {a}");
            }

            DeviceTensor y = Allocate(s);
            ArrayView<float> xs = x.View, ss = Upload(scale), ys = y.View;
            ArrayView<int> zs = Upload(zero.Select(v => (int)v).ToArray());
            int length = y.Length;
            Launch(() => _kernels.FakeQuantize(length, xs, ss, zs, ys, p));
            return y;
        }

        /// <summary>
        /// The dequantized values of the quantizing node that produced the input (a view): a QuantizeLinear, or a
        /// quantized operator (QOperator format), whose output scale and zero point this node must read with.
        /// </summary>
        public DeviceTensor DequantizeLinear(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            OnnxNode n = x.Node;
            OnnxNode? producer = x[0].Source is string source ? _model.Producer(source) : null;
            int? zeroInput = producer == null ? null : QuantizedOperands.OutputZeroPoint(producer);
            bool same = producer != null && zeroInput is int zi &&
                Same(_model.HostValues(producer, zi - 1), _model.HostValues(n, 1)) && Same(_model.HostValues(producer, zi), _model.HostValues(n, 2)) &&
                (producer.OpType != "QuantizeLinear" || producer.Int("axis", 1) == n.Int("axis", 1));
            if (!same)
            {
                throw new NotSupportedException($"node '{n.Name}' (DequantizeLinear): only a dequantization right after a QuantizeLinear or a quantized operator with the same scale and zero point runs on the GPU runtime");
            }

            return x[0];
        });

        private static bool Same(float[]? a, float[]? b) => (a == null && b == null) || (a != null && b != null && a.SequenceEqual(b));
    }
}
