using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>Shapes of the ops that move, join or split axes.</summary>
    internal partial class ShapeInference
    {
        private TensorShape? InferUnsqueeze(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            long[]? axes = AxesOf(node, 1);
            if (x == null || axes == null)
            {
                return null;
            }

            int rank = x.Length + axes.Length;
            var norm = new HashSet<int>(axes.Select(a => NormaliseAxis(a, rank)));
            var dims = new List<long>();
            int k = 0;
            for (int i = 0; i < rank; i++)
            {
                dims.Add(norm.Contains(i) ? 1 : x[k++]);
            }

            return new TensorShape(TypeOf(node, 0), dims.ToArray());
        }

        private TensorShape? InferSqueeze(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            if (x == null)
            {
                return null;
            }

            long[]? axes = AxesOf(node, 1);
            HashSet<int> norm = axes == null
                ? new HashSet<int>(Enumerable.Range(0, x.Length).Where(i => x[i] == 1))
                : new HashSet<int>(axes.Select(a => NormaliseAxis(a, x.Length)));
            return new TensorShape(TypeOf(node, 0), x.Where((_, i) => !norm.Contains(i)).ToArray());
        }

        private TensorShape? InferConcat(OnnxNode node)
        {
            var inputs = node.Inputs.Where(n => n.Length > 0).Select(n => ShapeOf(n)?.Dims).ToList();
            if (inputs.Count == 0 || inputs.Any(d => d == null))
            {
                return null;
            }

            long[] first = inputs[0]!;
            int axis = NormaliseAxis(node.Int("axis", 0), first.Length);
            long[] dims = (long[])first.Clone();
            dims[axis] = inputs.Sum(d => d![axis] < 0 ? -1000000000L : d[axis]);
            if (dims[axis] < 0)
            {
                dims[axis] = -1;
            }

            return new TensorShape(TypeOf(node, 0), dims);
        }

        private TensorShape? InferReshape(OnnxNode node)
        {
            TensorShape? x = In(node, 0);
            long[]? target = node.Ints("shape") ?? ConstantOf(node.Input(1));
            if (x?.Dims == null || target == null)
            {
                return null;
            }

            return new TensorShape(x.ElementType, ResolveReshape(x.Dims, target, node.Int("allowzero", 0) != 0));
        }

        /// <summary>Applies ONNX Reshape semantics (0 copies, -1 infers) to a known input shape.</summary>
        public static long[] ResolveReshape(long[] input, long[] target, bool allowZero)
        {
            long[] dims = (long[])target.Clone();
            int infer = -1;
            for (int i = 0; i < dims.Length; i++)
            {
                if (dims[i] == 0 && !allowZero)
                {
                    if (i >= input.Length)
                    {
                        throw new ShapeException("Reshape copies a dimension the input does not have");
                    }

                    dims[i] = input[i];
                }
                else if (dims[i] == -1)
                {
                    if (infer >= 0)
                    {
                        throw new ShapeException("Reshape has more than one -1");
                    }

                    infer = i;
                }
            }

            long total = input.Aggregate(1L, (a, d) => a * d);
            if (infer >= 0)
            {
                long known = dims.Where((_, i) => i != infer).Aggregate(1L, (a, d) => a * d);
                dims[infer] = known == 0 ? 0 : total / known;
            }

            if (total >= 0 && dims.Aggregate(1L, (a, d) => a * d) != total)
            {
                throw new ShapeException($"cannot reshape {TensorShape.Format(input)} to {TensorShape.Format(target)}");
            }

            return dims;
        }

        private TensorShape? InferFlatten(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            if (x == null)
            {
                return null;
            }

            int axis = NormaliseAxis(node.Int("axis", 1), x.Length + 1);
            long outer = x.Take(axis).Aggregate(1L, (a, d) => a * d);
            long inner = x.Skip(axis).Aggregate(1L, (a, d) => a * d);
            return new TensorShape(TypeOf(node, 0), new[] { outer, inner });
        }

        private TensorShape? InferTranspose(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            if (x == null)
            {
                return null;
            }

            long[] perm = node.Ints("perm") ?? Enumerable.Range(0, x.Length).Reverse().Select(i => (long)i).ToArray();
            if (perm.Length != x.Length)
            {
                throw new ShapeException("perm does not match the input rank");
            }

            return new TensorShape(TypeOf(node, 0), perm.Select(p => x[(int)p]).ToArray());
        }

        private TensorShape?[] InferSplit(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            int n = node.Outputs.Count;
            if (x == null)
            {
                return new TensorShape?[n];
            }

            int axis = NormaliseAxis(node.Int("axis", 0), x.Length);
            long[]? split = node.Ints("split") ?? ConstantOf(node.Input(1));
            if (split == null)
            {
                long size = (x[axis] + n - 1) / n;
                split = Enumerable.Range(0, n).Select(i => Math.Min(size, x[axis] - size * i)).ToArray();
            }

            var result = new TensorShape?[n];
            for (int i = 0; i < n && i < split.Length; i++)
            {
                long[] dims = (long[])x.Clone();
                dims[axis] = split[i];
                result[i] = new TensorShape(TypeOf(node, 0), dims);
            }

            return result;
        }

        private TensorShape? InferSlice(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            if (x == null)
            {
                return null;
            }

            bool fromInputs = node.Inputs.Count > 1;
            long[]? starts = fromInputs ? ConstantOf(node.Input(1)) : node.Ints("starts");
            long[]? ends = fromInputs ? ConstantOf(node.Input(2)) : node.Ints("ends");
            long[]? axes = fromInputs ? (node.Inputs.Count > 3 && node.Input(3).Length > 0 ? ConstantOf(node.Input(3)) : null) : node.Ints("axes");
            long[]? steps = fromInputs && node.Inputs.Count > 4 && node.Input(4).Length > 0 ? ConstantOf(node.Input(4)) : null;
            if (starts == null || ends == null)
            {
                return null;
            }

            if (steps != null && steps.Contains(0))
            {
                throw new ShapeException("a Slice step is 0"); // ONNX: 'steps' cannot be 0
            }

            axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            long[] dims = (long[])x.Clone();
            for (int i = 0; i < starts.Length; i++)
            {
                int axis = NormaliseAxis(axes[i], x.Length);
                long step = steps?[i] ?? 1;
                long size = x[axis];
                long s = starts[i] < 0 ? starts[i] + size : starts[i];
                long e = ends[i] < 0 ? ends[i] + size : ends[i];
                if (step > 0)
                {
                    s = Clamp(s, 0, size);
                    e = Clamp(e, 0, size);
                    dims[axis] = Math.Max(0, (e - s + step - 1) / step);
                }
                else
                {
                    s = Clamp(s, -1, size - 1);
                    e = Clamp(e, -1, size - 1);
                    dims[axis] = Math.Max(0, (s - e + (-step) - 1) / (-step));
                }
            }

            return new TensorShape(TypeOf(node, 0), dims);
        }
    }
}
