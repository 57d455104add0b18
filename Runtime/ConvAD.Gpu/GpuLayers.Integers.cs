using System;
using ConvAD.Onnx;
using ConvAD.Shapes;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>
    /// ConvInteger and MatMulInteger (x, w, x_zero_point, w_zero_point → int32), as ONNX Runtime's quantizer writes them:
    /// followed by a Cast to float and a Mul by x_scale·w_scale. The device holds the int32 sums as the integers they
    /// are, in float: the activation it holds dequantized, (q − z)·s, is turned back into q − z = round(value / s) with the
    /// scale of the node that quantized it (known at load, <see cref="GpuConvAdModel.IntegerGrid"/>), the weights are
    /// uploaded as w − w_zero_point, and the float convolution or product of those integers is the integer sum exactly
    /// while every partial sum stays below 2^24 in magnitude (K·max|x − z|·max|w − z_w| &lt; 2^24, K the terms per
    /// output; 258 terms of 255·255 always are). Beyond that the float sum rounds, by at most K ulps of the result, where
    /// ONNX Runtime's int32 sum is exact before its Cast rounds once.
    /// </summary>
    /// <remarks>
    /// A checkpoint before ConvInteger writes 0, which is (x_zero_point − z)·s with the op's zero point equal to its
    /// quantizer's (checked at load): the integer the engine writes (the plan's zero point).
    /// </remarks>
    public sealed partial class GpuLayers
    {
        /// <summary>Integer convolution: the sums of (x − x_zero_point)·(w − w_zero_point) as the node's attributes say, as floats (no scale).</summary>
        public DeviceTensor ConvInteger(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => ConvCore(x.Node, Integers(x, 0), Integers(x, 1), null));

        /// <summary>Integer matrix product [..., K] × [K, N] of (a − a_zero_point) and (b − b_zero_point), as floats (no scale).</summary>
        public DeviceTensor MatMulInteger(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => MatMulCore(x.Node, Integers(x, 0), Integers(x, 1)));

        /// <summary>
        /// Cast to float: the device holds every activation as a float already (the int32 sums of ConvInteger and
        /// MatMulInteger as their integer values), so the input unchanged. Casts to other types, or from types other
        /// than float and int32, are not supported.
        /// </summary>
        public DeviceTensor Cast(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            OnnxNode n = x.Node;
            TensorElementType from = Plan.Shapes!.ShapeOf(n.Input(0))?.ElementType ?? TensorElementType.Undefined;
            long to = n.Int("to", 0);
            if (to != (long)TensorElementType.Float || from is not (TensorElementType.Float or TensorElementType.Int32))
            {
                throw new NotSupportedException($"node '{n.Name}' (Cast): {from} to {(TensorElementType)to} is not supported by the GPU runtime (Cast to float from float or int32 is)");
            }

            return x[0];
        });

        /// <summary>The integers an integer op reads from input <paramref name="input"/>: a weight as uploaded (w − zero point), an activation's q − z.</summary>
        private DeviceTensor Integers(LayerInputs x, int input)
        {
            if (_model.Sequence.IsWeight(x.Node.Input(input)))
            {
                return x[input];
            }

            (float scale, float low, float high) = _model.IntegerGrid(x.Node, input);
            DeviceTensor v = x[input];
            DeviceTensor y = Allocate(v.Shape);
            ArrayView<float> vs = v.View, ys = y.View;
            int length = y.Length;
            Launch(() => _kernels.GridIntegers(length, vs, ys, scale, low, high));
            return y;
        }
    }
}
