using System;
using System.Linq;

namespace ConvAD.Gpu
{
    /// <summary>
    /// One public method per ONNX op, named as the op: <c>Op(node, activations…[, mask])</c>. The source
    /// generator emits calls to exactly these names, so adding an op here makes it available to generated code.
    /// </summary>
    public sealed partial class GpuLayers
    {
        /// <summary>Convolution of input 0 with the weights (input 1) and optional bias (input 2), as the node's attributes say; a following Relu or Clip may be fused into it.</summary>
        public DeviceTensor Conv(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => ConvCore(x.Node, x[0], x[1], x.Has(2) ? x[2] : null), pendingInput0: true);

        /// <summary>max(x, 0), fused into the convolution it follows when it can be.</summary>
        public DeviceTensor Relu(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => FusedIntoConv(x[0], Kernels.UnaryRelu, 0f, 0f) ?? Unary(x[0], Kernels.UnaryRelu, 0f, 0f));

        /// <summary>Element-wise 1 / (1 + e^−x).</summary>
        public DeviceTensor Sigmoid(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnarySigmoid);

        /// <summary>Element-wise hyperbolic tangent.</summary>
        public DeviceTensor Tanh(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryTanh);

        /// <summary>Element-wise e^x.</summary>
        public DeviceTensor Exp(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryExp);

        /// <summary>Element-wise square root.</summary>
        public DeviceTensor Sqrt(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnarySqrt);

        /// <summary>The error function (GELU as exported by PyTorch: x·½·(1 + erf(x/√2))).</summary>
        public DeviceTensor Erf(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryErf);

        /// <summary>Element-wise −x.</summary>
        public DeviceTensor Neg(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryNeg);

        /// <summary>Element-wise |x|.</summary>
        public DeviceTensor Abs(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryAbs);

        /// <summary>Element-wise 1 / x.</summary>
        public DeviceTensor Reciprocal(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryReciprocal);

        /// <summary>Element-wise x·max(0, min(1, x/6 + ½)).</summary>
        public DeviceTensor HardSwish(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryHardSwish);

        /// <summary>Element-wise max(0, min(1, α·x + β)), α and β from the node (0.2 and 0.5 by default).</summary>
        public DeviceTensor HardSigmoid(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Unary(x[0], Kernels.UnaryHardSigmoid, x.Node.Float("alpha", 0.2f), x.Node.Float("beta", 0.5f)));

        /// <summary>Element-wise x for x ≥ 0, α·x otherwise (α from the node, 0.01 by default).</summary>
        public DeviceTensor LeakyRelu(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Unary(x[0], Kernels.UnaryLeakyRelu, x.Node.Float("alpha", 0.01f), 0f));

        /// <summary>Element-wise clamp to [min, max] from the node; fused into the convolution it follows when it can be.</summary>
        public DeviceTensor Clip(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x =>
            {
                float low = ClipBound(x.Node, 1, "min", float.MinValue), high = ClipBound(x.Node, 2, "max", float.MaxValue);
                return FusedIntoConv(x[0], Kernels.UnaryClip, low, high) ?? Unary(x[0], Kernels.UnaryClip, low, high);
            });

        /// <summary>The input unchanged (as a view of its own).</summary>
        public DeviceTensor Identity(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => x[0]);

        /// <summary>Inference: the input unchanged.</summary>
        public DeviceTensor Dropout(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => x[0]);

        /// <summary>Element-wise sum of two inputs, with ONNX broadcasting.</summary>
        public DeviceTensor Add(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpAdd);

        /// <summary>Element-wise difference of two inputs, with ONNX broadcasting.</summary>
        public DeviceTensor Sub(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpSub);

        /// <summary>Element-wise product of two inputs, with ONNX broadcasting.</summary>
        public DeviceTensor Mul(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpMul);

        /// <summary>Element-wise quotient of two inputs, with ONNX broadcasting.</summary>
        public DeviceTensor Div(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpDiv);

        /// <summary>Element-wise power (first input to the second), with ONNX broadcasting.</summary>
        public DeviceTensor Pow(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpPow);

        /// <summary>Element-wise maximum of two inputs.</summary>
        public DeviceTensor Max(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpMax);

        /// <summary>Element-wise minimum of two inputs.</summary>
        public DeviceTensor Min(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpMin);

        /// <summary>Max pooling over the node's window; under ConvAD the checkpoint before it sets deactivated positions to the lowest value.</summary>
        public DeviceTensor MaxPool(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => x[0].Shape.Length == 5 ? PoolOverChannels(x.Node, x[0], max: true) : MaxPoolCore(x.Node, x[0]));

        /// <summary>Average pooling; with the input's mask, the average is over present positions only.</summary>
        public DeviceTensor AveragePool(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => x[0].Shape.Length == 5 ? PoolOverChannels(x.Node, x[0], max: false) : AveragePoolCore(x.Node, x[0], x.Mask));

        /// <summary>Global average; with the input's mask, Σx·m / Σm (0 when nothing is present).</summary>
        public DeviceTensor GlobalAveragePool(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => GlobalPool(x[0], max: false, x.Mask));

        /// <summary>Global max; with the input's mask, 0 when nothing is present.</summary>
        public DeviceTensor GlobalMaxPool(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => GlobalPool(x[0], max: true, x.Mask));

        /// <summary>α·A·B + β·C, with A or B transposed as the node's transA and transB say.</summary>
        public DeviceTensor Gemm(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => GemmCore(x.Node, x[0], x[1], x.Has(2) ? x[2] : null,
                x.Node.Int("transA", 0) != 0, x.Node.Int("transB", 0) != 0, x.Node.Float("alpha", 1f), x.Node.Float("beta", 1f)));

        /// <summary>Matrix product [..., K] × [K, N]; other operand shapes are not supported.</summary>
        public DeviceTensor MatMul(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => MatMulCore(x.Node, x[0], x[1]));

        /// <summary>Inference batch normalisation, folded at load into a per-channel scale and shift.</summary>
        public DeviceTensor BatchNormalization(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => BatchNormCore(x.Node, x[0]));

        /// <summary>Softmax along the node's 'axis'.</summary>
        public DeviceTensor Softmax(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => SoftmaxCore(x.Node, x[0]));

        /// <summary>
        /// Runs one layer and names its output after the node's, so later checkpoints know the tensor's layout.
        /// An op that returns an input unchanged (Identity) gets a view of its own.
        /// </summary>
        private DeviceTensor Layer(string node, DeviceTensor?[] inputs, Func<LayerInputs, DeviceTensor> body, bool pendingInput0 = false)
        {
            LayerInputs x = Resolve(node, inputs, pendingInput0);
            DeviceTensor y = body(x);
            if (x.Tensors.Contains(y))
            {
                y = new DeviceTensor(y.Buffer, y.Shape);
            }

            y.Source = x.Node.Outputs[0];
            return y;
        }

        private DeviceTensor UnaryNode(string node, DeviceTensor?[] inputs, int op) => Layer(node, inputs, x => Unary(x[0], op, 0f, 0f));

        private DeviceTensor BinaryNode(string node, DeviceTensor?[] inputs, int op) => Layer(node, inputs, x => Binary(x[0], x[1], op));
    }
}
