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
        public DeviceTensor Conv(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => ConvCore(x.Node, x[0], x[1], x.Has(2) ? x[2] : null), pendingInput0: true);

        public DeviceTensor Relu(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => FusedIntoConv(x[0], Kernels.UnaryRelu, 0f, 0f) ?? Unary(x[0], Kernels.UnaryRelu, 0f, 0f));

        public DeviceTensor Sigmoid(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnarySigmoid);

        public DeviceTensor Tanh(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryTanh);

        public DeviceTensor Exp(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryExp);

        public DeviceTensor Sqrt(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnarySqrt);

        /// <summary>The error function (GELU as exported by PyTorch: x·½·(1 + erf(x/√2))).</summary>
        public DeviceTensor Erf(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryErf);

        public DeviceTensor Neg(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryNeg);

        public DeviceTensor Abs(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryAbs);

        public DeviceTensor Reciprocal(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryReciprocal);

        public DeviceTensor HardSwish(string node, params DeviceTensor?[] inputs) => UnaryNode(node, inputs, Kernels.UnaryHardSwish);

        public DeviceTensor HardSigmoid(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Unary(x[0], Kernels.UnaryHardSigmoid, x.Node.Float("alpha", 0.2f), x.Node.Float("beta", 0.5f)));

        public DeviceTensor LeakyRelu(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => Unary(x[0], Kernels.UnaryLeakyRelu, x.Node.Float("alpha", 0.01f), 0f));

        public DeviceTensor Clip(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x =>
            {
                float low = ClipBound(x.Node, 1, "min", float.MinValue), high = ClipBound(x.Node, 2, "max", float.MaxValue);
                return FusedIntoConv(x[0], Kernels.UnaryClip, low, high) ?? Unary(x[0], Kernels.UnaryClip, low, high);
            });

        public DeviceTensor Identity(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => x[0]);

        /// <summary>Inference: the input unchanged.</summary>
        public DeviceTensor Dropout(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => x[0]);

        public DeviceTensor Add(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpAdd);

        public DeviceTensor Sub(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpSub);

        public DeviceTensor Mul(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpMul);

        public DeviceTensor Div(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpDiv);

        public DeviceTensor Pow(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpPow);

        /// <summary>Element-wise maximum of two inputs.</summary>
        public DeviceTensor Max(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpMax);

        /// <summary>Element-wise minimum of two inputs.</summary>
        public DeviceTensor Min(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpMin);

        public DeviceTensor MaxPool(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => x[0].Shape.Length == 5 ? PoolOverChannels(x.Node, x[0], max: true) : MaxPoolCore(x.Node, x[0]));

        /// <summary>Average pooling; with the input's mask, the average is over present positions only.</summary>
        public DeviceTensor AveragePool(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => x[0].Shape.Length == 5 ? PoolOverChannels(x.Node, x[0], max: false) : AveragePoolCore(x.Node, x[0], x.Mask));

        /// <summary>Global average; with the input's mask, Σx·m / Σm (0 when nothing is present).</summary>
        public DeviceTensor GlobalAveragePool(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => GlobalPool(x[0], max: false, x.Mask));

        /// <summary>Global max; with the input's mask, 0 when nothing is present.</summary>
        public DeviceTensor GlobalMaxPool(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => GlobalPool(x[0], max: true, x.Mask));

        public DeviceTensor Gemm(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => GemmCore(x.Node, x[0], x[1], x.Has(2) ? x[2] : null,
                x.Node.Int("transA", 0) != 0, x.Node.Int("transB", 0) != 0, x.Node.Float("alpha", 1f), x.Node.Float("beta", 1f)));

        public DeviceTensor MatMul(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => MatMulCore(x.Node, x[0], x[1]));

        /// <summary>Inference batch normalisation, folded at load into a per-channel scale and shift.</summary>
        public DeviceTensor BatchNormalization(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => BatchNormCore(x.Node, x[0]));

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
