using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>Layers that move data without arithmetic: views (Reshape, Flatten, Squeeze, Unsqueeze) and strided copies.</summary>
    public sealed partial class GpuLayers
    {
        /// <summary>A view with the new shape (no copy).</summary>
        public DeviceTensor Reshape(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => new DeviceTensor(x[0].Buffer, ReshapeTarget(x.Node, x[0].Shape)));

        /// <summary>A 2-D view split at 'axis' (no copy).</summary>
        public DeviceTensor Flatten(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            long[] s = x[0].Shape;
            int axis = ShapeInference.NormaliseAxis(x.Node.Int("axis", 1), s.Length);
            return new DeviceTensor(x[0].Buffer, new[] { s.Take(axis).Aggregate(1L, (a, d) => a * d), s.Skip(axis).Aggregate(1L, (a, d) => a * d) });
        });

        /// <summary>A view without the given unit axes (no copy).</summary>
        public DeviceTensor Squeeze(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            long[] s = x[0].Shape;
            long[]? axes = Plan.Shapes!.AxesOf(x.Node, 1);
            var squeezed = axes == null ? Enumerable.Range(0, s.Length).Where(d => s[d] == 1 && d != 0).ToArray() : axes.Select(a => ShapeInference.NormaliseAxis(a, s.Length)).ToArray();
            if (squeezed.Any(d => s[d] != 1 || d == 0))
            {
                throw new NotSupportedException($"node '{x.Node.Name}' (Squeeze): cannot squeeze axes [{string.Join(",", squeezed)}] of {TensorShape.Format(s)} (the batch axis stays)");
            }

            return new DeviceTensor(x[0].Buffer, s.Where((_, d) => !squeezed.Contains(d)).ToArray());
        });

        /// <summary>A view with unit axes inserted (no copy).</summary>
        public DeviceTensor Unsqueeze(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            long[] s = x[0].Shape;
            long[] axes = Plan.Shapes!.AxesOf(x.Node, 1) ?? throw new NotSupportedException($"node '{x.Node.Name}' (Unsqueeze): the axes are not static");
            int rank = s.Length + axes.Length;
            var inserted = axes.Select(a => ShapeInference.NormaliseAxis(a, rank)).ToArray();
            var shape = new long[rank];
            for (int d = 0, from = 0; d < rank; d++)
            {
                shape[d] = inserted.Contains(d) ? 1 : s[from++];
            }

            return new DeviceTensor(x[0].Buffer, shape);
        });

        /// <summary>
        /// ONNX Pad (opsets 2–21: pads as attribute or constant input, optional axes) in modes constant, reflect and edge,
        /// on any axis but the batch's. A padding of zero width returns the input itself.
        /// </summary>
        public DeviceTensor Pad(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            OnnxNode n = x.Node;
            long[] s = x[0].Shape;
            long[] pads = n.Ints("pads") ?? (x.Has(1) ? Plan.Shapes!.ConstantOf(n.Input(1)) : null) ??
                throw new NotSupportedException($"node '{n.Name}' (Pad): the padding is not static");
            long[]? axes = x.Has(3) ? Plan.Shapes!.ConstantOf(n.Input(3)) ?? throw new NotSupportedException($"node '{n.Name}' (Pad): the axes are not static") : null;
            int[] padded = (axes ?? Enumerable.Range(0, s.Length).Select(i => (long)i).ToArray()).Select(a => ShapeInference.NormaliseAxis(a, s.Length)).ToArray();
            if (pads.Length != 2 * padded.Length)
            {
                throw new NotSupportedException($"node '{n.Name}' (Pad): {pads.Length} pads for {padded.Length} axes");
            }

            var before = new long[s.Length];
            var after = new long[s.Length];
            for (int k = 0; k < padded.Length; k++)
            {
                before[padded[k]] = pads[k];
                after[padded[k]] = pads[k + padded.Length];
            }

            if (before.All(p => p == 0) && after.All(p => p == 0))
            {
                return x[0];
            }

            string mode = n.String("mode", "constant");
            int kind = mode switch
            {
                "constant" => Kernels.PadConstant,
                "edge" => Kernels.PadEdge,
                "reflect" => Kernels.PadReflect,
                _ => throw new NotSupportedException($"node '{n.Name}' (Pad): mode '{mode}' is not supported (constant, reflect and edge are)"),
            };
            if (before[0] != 0 || after[0] != 0 || before.Concat(after).Any(p => p < 0) ||
                (kind == Kernels.PadReflect && Enumerable.Range(0, s.Length).Any(d => before[d] >= s[d] || after[d] >= s[d])))
            {
                throw new NotSupportedException($"node '{n.Name}' (Pad): pads [{string.Join(",", pads)}] of {TensorShape.Format(s)} (the batch axis, negative pads, or a reflection wider than its axis) are not supported");
            }

            float value = n.Float("value", 0f);
            if (x.Has(2))
            {
                float[] v = _model.HostValues(n, 2) ?? throw new NotSupportedException($"node '{n.Name}' (Pad): the constant value is not a constant");
                value = v.Length > 0 ? v[0] : 0f;
            }

            return Padded(x[0], before, after, kind, value);
        });

        /// <summary><paramref name="x"/> padded on every axis by the kernel <see cref="Kernels.Pad"/>.</summary>
        private DeviceTensor Padded(DeviceTensor x, long[] before, long[] after, int mode, float value)
        {
            long[] s = x.Shape;
            int rank = s.Length;
            long[] shape = s.Select((d, i) => d + before[i] + after[i]).ToArray();
            var meta = new int[1 + 3 * rank];
            meta[0] = rank;
            for (int d = 0; d < rank; d++)
            {
                meta[1 + d] = checked((int)shape[d]);
                meta[1 + rank + d] = checked((int)s[d]);
                meta[1 + 2 * rank + d] = checked((int)before[d]);
            }

            DeviceTensor y = Allocate(shape);
            ArrayView<float> xs = x.View, ys = y.View;
            ArrayView<int> m = Upload(meta);
            int count = y.Length;
            Launch(() => _kernels.Pad(count, xs, ys, m, mode, value));
            return y;
        }

        /// <summary>A strided copy with the axes permuted by 'perm' (reversed when the node gives none).</summary>
        public DeviceTensor Transpose(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            long[] s = x[0].Shape;
            int[] perm = x.Node.Ints("perm")?.Select(p => (int)p).ToArray() ?? Enumerable.Range(0, s.Length).Reverse().ToArray();
            return Copy(x[0], StridedCopyPlan.Transpose(s, perm));
        });

        /// <summary>A strided copy of the static range starts..ends (with steps) along 'axes'; the batch axis cannot be sliced.</summary>
        public DeviceTensor Slice(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            OnnxNode n = x.Node;
            bool fromInputs = n.Inputs.Count > 1;
            long[]? Constant(int i) => n.Input(i).Length > 0 ? Plan.Shapes!.ConstantOf(n.Input(i)) : null;
            long[] starts = (fromInputs ? Constant(1) : n.Ints("starts")) ?? throw new NotSupportedException($"node '{n.Name}' (Slice): the starts are not static");
            long[] ends = (fromInputs ? Constant(2) : n.Ints("ends")) ?? throw new NotSupportedException($"node '{n.Name}' (Slice): the ends are not static");
            long[]? axes = fromInputs ? Constant(3) : n.Ints("axes");
            long[]? steps = fromInputs ? Constant(4) : null;
            if (axes != null && axes.Any(a => ShapeInference.NormaliseAxis(a, x[0].Shape.Length) == 0))
            {
                throw new NotSupportedException($"node '{n.Name}' (Slice): slicing the batch axis is not supported");
            }

            return Copy(x[0], StridedCopyPlan.OnnxSlice(x[0].Shape, starts, ends, axes, steps));
        });

        /// <summary>The present inputs joined along 'axis'.</summary>
        public DeviceTensor Concat(string node, params DeviceTensor?[] inputs) =>
            Layer(node, inputs, x => ConcatCore(x.Node, Enumerable.Range(0, x.Tensors.Length).Where(x.Has).Select(i => x[i]).ToArray()));

        private DeviceTensor ConcatCore(OnnxNode node, DeviceTensor[] parts)
        {
            long[] first = parts[0].Shape;
            int axis = ShapeInference.NormaliseAxis(node.Int("axis", 0), first.Length);
            if (axis == 0)
            {
                throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): concatenating along the batch axis is not supported");
            }

            long[] shape = (long[])first.Clone();
            shape[axis] = parts.Sum(p => p.Shape[axis]);
            DeviceTensor y = Allocate(shape);
            long offset = 0;
            foreach (DeviceTensor part in parts)
            {
                CopyInto(part, y, StridedCopyPlan.Concat(part.Shape, shape, axis, offset));
                offset += part.Shape[axis];
            }

            return y;
        }

        /// <summary>Splits along 'axis' into the node's outputs, sized as the plan's shapes say.</summary>
        public DeviceTensor[] Split(string node, params DeviceTensor?[] inputs)
        {
            LayerInputs x = Resolve(node, inputs);
            long[] s = x[0].Shape;
            int axis = ShapeInference.NormaliseAxis(x.Node.Int("axis", 0), s.Length);
            if (axis == 0)
            {
                throw new NotSupportedException($"node '{node}' (Split): splitting the batch axis is not supported");
            }

            var results = new DeviceTensor[x.Node.Outputs.Count];
            long start = 0;
            for (int i = 0; i < results.Length; i++)
            {
                long length = Plan.Shapes!.ShapeOf(x.Node.Outputs[i])?.Dims?[axis] ?? throw new NotSupportedException($"node '{node}' (Split): the size of output {i} is not known");
                results[i] = Copy(x[0], StridedCopyPlan.Split(s, axis, start, length));
                results[i].Source = x.Node.Outputs[i];
                start += length;
            }

            return results;
        }

        private DeviceTensor Copy(DeviceTensor x, StridedCopyPlan plan)
        {
            DeviceTensor y = Allocate(plan.OutShape);
            CopyInto(x, y, plan);
            return y;
        }

        private void CopyInto(DeviceTensor x, DeviceTensor y, StridedCopyPlan plan)
        {
            ArrayView<float> xs = x.View, ys = y.View;
            ArrayView<int> meta = Upload(plan.Meta);
            int count = plan.Count, inOffset = plan.InOffset, outOffset = plan.OutOffset;
            Launch(() => _kernels.StridedCopy(count, xs, ys, meta, inOffset, outOffset));
        }
    }
}
