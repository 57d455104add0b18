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
        public DeviceTensor Conv(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return ConvCore(x.Node, x[0], x[1], x.Has(2) ? x[2] : null);
        }

        public DeviceTensor Relu(string node, params DeviceTensor?[] inputs) => Unary(Resolve(node, inputs)[0], Kernels.UnaryRelu, 0f, 0f);

        public DeviceTensor Sigmoid(string node, params DeviceTensor?[] inputs) => Unary(Resolve(node, inputs)[0], Kernels.UnarySigmoid, 0f, 0f);

        public DeviceTensor Clip(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return Unary(x[0], Kernels.UnaryClip, ClipBound(x.Node, 1, "min", float.MinValue), ClipBound(x.Node, 2, "max", float.MaxValue));
        }

        public DeviceTensor Identity(string node, params DeviceTensor?[] inputs) => Resolve(node, inputs)[0];

        /// <summary>Inference: the input unchanged.</summary>
        public DeviceTensor Dropout(string node, params DeviceTensor?[] inputs) => Resolve(node, inputs)[0];

        public DeviceTensor Add(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpAdd);

        public DeviceTensor Sub(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpSub);

        public DeviceTensor Mul(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpMul);

        public DeviceTensor Div(string node, params DeviceTensor?[] inputs) => BinaryNode(node, inputs, Kernels.OpDiv);

        public DeviceTensor MaxPool(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return MaxPoolCore(x.Node, x[0]);
        }

        /// <summary>Average pooling; with the input's mask, the average is over present positions only.</summary>
        public DeviceTensor AveragePool(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return AveragePoolCore(x.Node, x[0], x.Mask);
        }

        /// <summary>Global average; with the input's mask, Σx·m / Σm (0 when nothing is present).</summary>
        public DeviceTensor GlobalAveragePool(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return GlobalPool(x[0], max: false, x.Mask);
        }

        /// <summary>Global max; with the input's mask, 0 when nothing is present.</summary>
        public DeviceTensor GlobalMaxPool(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return GlobalPool(x[0], max: true, x.Mask);
        }

        /// <summary>A view with the new shape (no copy).</summary>
        public DeviceTensor Reshape(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return new DeviceTensor(x[0].Buffer, ReshapeTarget(x.Node, x[0].Shape));
        }

        /// <summary>A 2-D view split at 'axis' (no copy).</summary>
        public DeviceTensor Flatten(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            long[] s = x[0].Shape;
            int axis = Shapes.ShapeInference.NormaliseAxis(x.Node.Int("axis", 1), s.Length);
            return new DeviceTensor(x[0].Buffer, new[] { s.Take(axis).Aggregate(1L, (a, d) => a * d), s.Skip(axis).Aggregate(1L, (a, d) => a * d) });
        }

        public DeviceTensor Gemm(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return GemmCore(x.Node, x[0], x[1], x.Has(2) ? x[2] : null,
                x.Node.Int("transA", 0) != 0, x.Node.Int("transB", 0) != 0, x.Node.Float("alpha", 1f), x.Node.Float("beta", 1f));
        }

        public DeviceTensor MatMul(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return MatMulCore(x.Node, x[0], x[1]);
        }

        /// <summary>Inference batch normalisation, folded at load into a per-channel scale and shift.</summary>
        public DeviceTensor BatchNormalization(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return BatchNormCore(x.Node, x[0]);
        }

        public DeviceTensor Softmax(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            return SoftmaxCore(x.Node, x[0]);
        }

        private DeviceTensor BinaryNode(string node, DeviceTensor?[] inputs, int op)
        {
            LayerInputs x = Resolve(node, inputs);
            return Binary(x[0], x[1], op);
        }
    }
}
