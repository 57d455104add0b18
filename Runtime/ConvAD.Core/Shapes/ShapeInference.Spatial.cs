using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>Shapes of the ops that read through windows: convolution and pooling.</summary>
    public sealed partial class ShapeInference
    {
        private TensorShape? InferConv(OnnxNode node, int dataIndex, int weightIndex, TensorElementType type)
        {
            long[]? x = Dims(node, dataIndex);
            long[]? w = Dims(node, weightIndex);
            if (x == null || w == null)
            {
                return null;
            }

            if (x.Length != 4 || w.Length != 4)
            {
                return new TensorShape(type, null); // not a 2-D convolution; the plan reports it
            }

            long[] kernel = node.Ints("kernel_shape") ?? new[] { w[2], w[3] };
            PoolGeometry g = PoolGeometry.FromNode(node, kernel, x[2], x[3]);
            return new TensorShape(type, new[] { x[0], w[0], g.OutputSize(0, x[2]), g.OutputSize(1, x[3]) });
        }

        private TensorShape? InferPool(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            long[]? kernel = node.Ints("kernel_shape");
            if (x == null || kernel == null)
            {
                return null;
            }

            if (x.Length != 4 || kernel.Length != 2)
            {
                return new TensorShape(TypeOf(node, 0), null);
            }

            PoolGeometry g = PoolGeometry.FromNode(node, kernel, x[2], x[3]);
            return new TensorShape(TypeOf(node, 0), new[] { x[0], x[1], g.OutputSize(0, x[2]), g.OutputSize(1, x[3]) });
        }

        private TensorShape? InferPad(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            long[]? pads = node.Ints("pads") ?? ConstantOf(node.Input(1));
            if (x == null || pads == null)
            {
                return null;
            }

            long[] axes = node.Inputs.Count > 3 && node.Input(3).Length > 0
                ? (ConstantOf(node.Input(3)) ?? Array.Empty<long>()).Select(a => (long)NormaliseAxis(a, x.Length)).ToArray()
                : Enumerable.Range(0, x.Length).Select(i => (long)i).ToArray();
            if (pads.Length != 2 * axes.Length)
            {
                throw new ShapeException($"pads has {pads.Length} values for {axes.Length} axes");
            }

            long[] dims = (long[])x.Clone();
            for (int k = 0; k < axes.Length; k++)
            {
                dims[axes[k]] += pads[k] + pads[k + axes.Length];
            }

            return new TensorShape(TypeOf(node, 0), dims);
        }
    }
}
