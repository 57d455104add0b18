using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>Shapes of the ops that read through windows: convolution and pooling.</summary>
    internal partial class ShapeInference
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

            if (x.Length != kernel.Length + 2)
            {
                return new TensorShape(TypeOf(node, 0), null);
            }

            if (x.Length != 4)
            {
                return new TensorShape(TypeOf(node, 0), PoolDims(node, x, kernel));
            }

            PoolGeometry g = PoolGeometry.FromNode(node, kernel, x[2], x[3]);
            return new TensorShape(TypeOf(node, 0), new[] { x[0], x[1], g.OutputSize(0, x[2]), g.OutputSize(1, x[3]) });
        }

        /// <summary>The output of a pool of any rank (a 3-D pool over channels, as torch's LocalResponseNorm writes it).</summary>
        private static long[] PoolDims(OnnxNode node, long[] x, long[] kernel)
        {
            int n = kernel.Length;
            long[] strides = node.Ints("strides") ?? Enumerable.Repeat(1L, n).ToArray();
            long[] dilations = node.Ints("dilations") ?? Enumerable.Repeat(1L, n).ToArray();
            long[] pads = node.Ints("pads") ?? new long[2 * n];
            string autoPad = node.String("auto_pad", "NOTSET");
            bool ceil = node.Int("ceil_mode", 0) != 0;
            if (strides.Length != n || dilations.Length != n || pads.Length != 2 * n)
            {
                throw new ShapeException($"a {n}-D pool has {strides.Length} strides, {dilations.Length} dilations and {pads.Length} pads");
            }

            long[] dims = (long[])x.Clone();
            for (int a = 0; a < n; a++)
            {
                long size = x[a + 2], s = strides[a];
                if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
                {
                    dims[a + 2] = (size + s - 1) / s;
                    continue;
                }

                long padded = size + (autoPad == "VALID" ? 0 : pads[a] + pads[a + n]) - ((kernel[a] - 1) * dilations[a] + 1);
                long count = (ceil ? (padded + s - 1) / s : padded / s) + 1;
                if (ceil && (count - 1) * s >= size + (autoPad == "VALID" ? 0 : pads[a]))
                {
                    count--;
                }

                dims[a + 2] = count;
            }

            return dims;
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
