using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>
    /// QDQ models (int8/uint8 activations between QuantizeLinear and DequantizeLinear). The device keeps every
    /// activation in float: QuantizeLinear rounds and saturates to the quantized grid and returns the
    /// dequantized value at once ((q − z)·s, exact), and the DequantizeLinear that reads it, which must use
    /// the same scale and zero point, is then a view. Constant weights are dequantized at load.
    /// </summary>
    public sealed partial class GpuLayers
    {
        /// <summary>Rounds and saturates to the int8 or uint8 grid of a constant scale and zero point, and returns the dequantized value ((q − z)·s).</summary>
        public DeviceTensor QuantizeLinear(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            OnnxNode n = x.Node;
            float[] scale = _model.HostValues(n, 1) ?? throw new NotSupportedException($"node '{n.Name}' (QuantizeLinear): the scale is not a constant");
            float[] zero = _model.HostValues(n, 2) ?? new float[scale.Length];
            TensorElementType type = n.Input(2).Length > 0 && _model.Graph.Graph.Initializers.TryGetValue(n.Input(2), out OnnxTensor? z) ? z.ElementType : TensorElementType.UInt8;
            (int qmin, int qmax) = type switch
            {
                TensorElementType.UInt8 => (0, 255),
                TensorElementType.Int8 => (-128, 127),
                _ => throw new NotSupportedException($"node '{n.Name}' (QuantizeLinear): {type} quantization is not supported (int8 and uint8 are)"),
            };

            long[] s = x[0].Shape;
            int axis = ShapeInference.NormaliseAxis(n.Int("axis", 1), s.Length);
            var p = new QuantParams
            {
                Channels = scale.Length,
                ChannelStride = scale.Length == 1 ? 1 : checked((int)s.Skip(axis + 1).Aggregate(1L, (a, d) => a * d)),
                QMin = qmin,
                QMax = qmax,
            };
            if (scale.Length != 1 && (s[axis] != scale.Length || zero.Length != scale.Length))
            {
                throw new NotSupportedException($"node '{n.Name}' (QuantizeLinear): {scale.Length} scales do not match {TensorShape.Format(s)} along axis {axis}");
            }

            DeviceTensor y = Allocate(s);
            ArrayView<float> xs = x[0].View, ss = Upload(scale), ys = y.View;
            ArrayView<int> zs = Upload(zero.Select(v => (int)v).ToArray());
            int length = y.Length;
            Launch(() => _kernels.FakeQuantize(length, xs, ss, zs, ys, p));
            return y;
        });

        /// <summary>The dequantized values of the QuantizeLinear that produced the input (a view).</summary>
        public DeviceTensor DequantizeLinear(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            OnnxNode n = x.Node;
            OnnxNode? producer = x[0].Source is string source ? _model.Producer(source) : null;
            bool same = producer != null && producer.OpType == "QuantizeLinear" &&
                Same(_model.HostValues(producer, 1), _model.HostValues(n, 1)) && Same(_model.HostValues(producer, 2), _model.HostValues(n, 2)) &&
                producer.Int("axis", 1) == n.Int("axis", 1);
            if (!same)
            {
                throw new NotSupportedException($"node '{n.Name}' (DequantizeLinear): only a dequantization right after a QuantizeLinear with the same scale and zero point runs on the GPU runtime");
            }

            return x[0];
        });

        private static bool Same(float[]? a, float[]? b) => (a == null && b == null) || (a != null && b != null && a.SequenceEqual(b));
    }
}
