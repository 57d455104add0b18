using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>
    /// A small evaluator for the constant subgraphs exporters write to compute shapes, axes and pads
    /// (<c>Cast(Div(Gather(Shape(x), 0), 2))</c>, <c>ConstantOfShape</c>, <c>Range</c>…). It evaluates a node when every input
    /// it reads is known; anything else (an unknown input, an op it does not know, a result above <see cref="MaxElements"/>
    /// values, a division by zero) gives null, and the caller reports the tensor that stays unknown.
    /// Integer division truncates toward zero, as ONNX Runtime computes it.
    /// </summary>
    internal static class ConstantFolding
    {
        /// <summary>The largest tensor folded: shape computations are tiny, and a bound keeps hostile graphs cheap.</summary>
        public const int MaxElements = 1 << 16;

        /// <summary>The ops this evaluator folds.</summary>
        public static readonly IReadOnlyCollection<string> Ops = new HashSet<string>(StringComparer.Ordinal)
        {
            "Constant", "Identity", "Shape", "Size", "Gather", "Unsqueeze", "Squeeze", "Reshape", "Flatten", "Concat", "Slice", "Transpose", "Cast",
            "Add", "Sub", "Mul", "Div", "Mod", "Min", "Max", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or",
            "Not", "Where", "Floor", "Ceil", "Neg", "Abs", "ConstantOfShape", "Range", "Expand",
        };

        /// <summary>
        /// The values of <paramref name="node"/>'s first output, or null. <paramref name="valueOf"/> gives known input values;
        /// <paramref name="shapeOf"/> inferred shapes (Shape reads only its input's shape; view ops take their output's).
        /// </summary>
        public static FoldedTensor? Fold(OnnxNode node, Func<string, FoldedTensor?> valueOf, Func<string, TensorShape?> shapeOf)
        {
            if ((node.Domain.Length != 0 && node.Domain != "ai.onnx") || node.Outputs.Count == 0 || !Ops.Contains(node.OpType))
            {
                return null;
            }

            FoldedTensor? result = FoldOp(node, valueOf, shapeOf);
            return result != null && result.Values.Length <= MaxElements && result.Values.All(v => !double.IsNaN(v)) ? result : null;
        }

        private static FoldedTensor? FoldOp(OnnxNode node, Func<string, FoldedTensor?> valueOf, Func<string, TensorShape?> shapeOf)
        {
            FoldedTensor? In(int i) => node.Input(i).Length == 0 ? null : valueOf(node.Input(i));
            switch (node.OpType)
            {
                case "Constant":
                    return Constant(node);
                case "Shape":
                    return Shape(node, shapeOf(node.Input(0)));
                case "Size":
                    {
                        TensorShape? s = shapeOf(node.Input(0));
                        return s == null || !s.IsFullyKnown ? null : new FoldedTensor(TensorElementType.Int64, Array.Empty<long>(), new double[] { s.ElementCount });
                    }

                case "Identity":
                case "Unsqueeze":
                case "Squeeze":
                case "Reshape":
                case "Flatten":
                    {
                        FoldedTensor? x = In(0);
                        TensorShape? output = shapeOf(node.Outputs[0]);
                        return x == null || output == null || !output.IsFullyKnown || output.ElementCount != x.Values.Length
                            ? null
                            : new FoldedTensor(x.Type, output.Dims!, x.Values);
                    }

                case "Gather":
                    return Gather(In(0), In(1), node.Int("axis", 0));
                case "Concat":
                    return Concat(node.Inputs.Where(n => n.Length > 0).Select(valueOf).ToList(), node.Int("axis", 0));
                case "Slice":
                    return Slice(node, In);
                case "Transpose":
                    return Transpose(In(0), node.Ints("perm"));
                case "Cast":
                    {
                        FoldedTensor? x = In(0);
                        var to = (TensorElementType)node.Int("to", 0);
                        return x == null ? null : new FoldedTensor(to, x.Dims, x.Values.Select(v => Convert(v, to)).ToArray());
                    }

                case "Floor":
                case "Ceil":
                case "Neg":
                case "Abs":
                case "Not":
                    return Unary(node.OpType, In(0));
                case "Where":
                    return Where(In(0), In(1), In(2));
                case "ConstantOfShape":
                    return ConstantOfShape(node, In(0));
                case "Range":
                    return Range(In(0), In(1), In(2));
                case "Expand":
                    {
                        FoldedTensor? x = In(0), shape = In(1);
                        if (x == null || shape == null)
                        {
                            return null;
                        }

                        long[] dims = TensorShape.Broadcast(x.Dims, shape.ToInt64());
                        return Broadcast(dims, new[] { x }, x.Type, v => v[0]);
                    }

                default:
                    return Binary(node, In(0), In(1));
            }
        }

        private static FoldedTensor? Constant(OnnxNode node)
        {
            foreach (OnnxAttribute a in node.Attributes.Values)
            {
                switch (a.Name)
                {
                    case "value" when a.Tensor != null:
                        return FoldedTensor.From(a.Tensor);
                    case "value_int":
                        return new FoldedTensor(TensorElementType.Int64, Array.Empty<long>(), new double[] { a.I });
                    case "value_ints":
                        return FoldedTensor.Vector(TensorElementType.Int64, a.Ints.Select(v => (double)v).ToArray());
                    case "value_float":
                        return new FoldedTensor(TensorElementType.Float, Array.Empty<long>(), new double[] { a.F });
                    case "value_floats":
                        return FoldedTensor.Vector(TensorElementType.Float, a.Floats.Select(v => (double)v).ToArray());
                }
            }

            return null;
        }

        private static FoldedTensor? Shape(OnnxNode node, TensorShape? x)
        {
            long[]? dims = x?.Dims;
            if (dims == null)
            {
                return null;
            }

            int rank = dims.Length;
            long start = node.Int("start", 0), end = node.Int("end", rank);
            int s = (int)Math.Max(0, Math.Min(rank, start < 0 ? start + rank : start));
            int e = (int)Math.Max(0, Math.Min(rank, end < 0 ? end + rank : end));
            long[] values = dims.Skip(s).Take(Math.Max(0, e - s)).ToArray();
            return values.Any(v => v < 0) ? null : FoldedTensor.Vector(TensorElementType.Int64, values.Select(v => (double)v).ToArray());
        }

        private static FoldedTensor? Gather(FoldedTensor? data, FoldedTensor? indices, long axisAttribute)
        {
            if (data == null || indices == null || data.Dims.Length == 0)
            {
                return null;
            }

            int axis = ShapeInference.NormaliseAxis(axisAttribute, data.Dims.Length);
            long extent = data.Dims[axis];
            long outer = Product(data.Dims.Take(axis)), inner = Product(data.Dims.Skip(axis + 1));
            var values = new List<double>();
            for (long o = 0; o < outer; o++)
            {
                foreach (double raw in indices.Values)
                {
                    long i = (long)raw < 0 ? (long)raw + extent : (long)raw;
                    if (i < 0 || i >= extent)
                    {
                        throw new ShapeException($"index {(long)raw} is out of range for an axis of {extent}");
                    }

                    for (long k = 0; k < inner; k++)
                    {
                        values.Add(data.Values[(o * extent + i) * inner + k]);
                    }
                }
            }

            long[] dims = data.Dims.Take(axis).Concat(indices.Dims).Concat(data.Dims.Skip(axis + 1)).ToArray();
            return new FoldedTensor(data.Type, dims, values.ToArray());
        }

        private static FoldedTensor? Concat(List<FoldedTensor?> inputs, long axisAttribute)
        {
            if (inputs.Count == 0 || inputs.Any(i => i == null || i.Dims.Length != inputs[0]!.Dims.Length) || inputs[0]!.Dims.Length == 0)
            {
                return null;
            }

            int axis = ShapeInference.NormaliseAxis(axisAttribute, inputs[0]!.Dims.Length);
            long outer = Product(inputs[0]!.Dims.Take(axis));
            var values = new List<double>();
            for (long o = 0; o < outer; o++)
            {
                foreach (FoldedTensor t in inputs!)
                {
                    long block = Product(t.Dims.Skip(axis));
                    values.AddRange(t.Values.Skip((int)(o * block)).Take((int)block));
                }
            }

            long[] dims = (long[])inputs[0]!.Dims.Clone();
            dims[axis] = inputs.Sum(t => t!.Dims[axis]);
            return new FoldedTensor(inputs[0]!.Type, dims, values.ToArray());
        }

        /// <summary>Axes permuted (by default reversed): torch's pads subgraph transposes the [begin, end] pairs.</summary>
        private static FoldedTensor? Transpose(FoldedTensor? x, long[]? perm)
        {
            if (x == null)
            {
                return null;
            }

            int rank = x.Dims.Length;
            int[] p = perm?.Select(a => (int)a).ToArray() ?? Enumerable.Range(0, rank).Reverse().ToArray();
            if (p.Length != rank || p.Distinct().Count() != rank || p.Any(a => a < 0 || a >= rank))
            {
                return null;
            }

            long[] dims = p.Select(a => x.Dims[a]).ToArray();
            var strides = new long[rank];
            for (int a = rank - 1, stride = 1; a >= 0; stride *= (int)x.Dims[a], a--)
            {
                strides[a] = stride;
            }

            var values = new double[x.Values.Length];
            var index = new long[rank];
            for (long n = 0; n < values.Length; n++)
            {
                long source = 0;
                for (int a = 0; a < rank; a++)
                {
                    source += index[a] * strides[p[a]];
                }

                values[n] = x.Values[source];
                for (int a = rank - 1; a >= 0 && ++index[a] == dims[a]; a--)
                {
                    index[a] = 0;
                }
            }

            return new FoldedTensor(x.Type, dims, values);
        }

        private static FoldedTensor? Slice(OnnxNode node, Func<int, FoldedTensor?> input)
        {
            FoldedTensor? x = input(0);
            if (x == null || x.Dims.Length == 0)
            {
                return null;
            }

            bool fromInputs = node.Inputs.Count > 1;
            long[]? starts = fromInputs ? input(1)?.ToInt64() : node.Ints("starts");
            long[]? ends = fromInputs ? input(2)?.ToInt64() : node.Ints("ends");
            long[]? axes = fromInputs ? (node.Input(3).Length > 0 ? input(3)?.ToInt64() : null) : node.Ints("axes");
            long[]? steps = fromInputs && node.Input(4).Length > 0 ? input(4)?.ToInt64() : null;
            if (starts == null || ends == null || (fromInputs && node.Input(3).Length > 0 && axes == null) || (node.Input(4).Length > 0 && steps == null))
            {
                return null;
            }

            int rank = x.Dims.Length;
            var first = new long[rank];
            var step = Enumerable.Repeat(1L, rank).ToArray();
            long[] count = (long[])x.Dims.Clone();
            axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            for (int i = 0; i < starts.Length; i++)
            {
                int axis = ShapeInference.NormaliseAxis(axes[i], rank);
                long size = x.Dims[axis], st = steps?[i] ?? 1;
                if (st == 0)
                {
                    throw new ShapeException("a Slice step is 0");
                }

                long s = starts[i] < 0 ? starts[i] + size : starts[i];
                long e = ends[i] < 0 ? ends[i] + size : ends[i];
                s = st > 0 ? Clamp(s, 0, size) : Clamp(s, -1, size - 1);
                e = st > 0 ? Clamp(e, 0, size) : Clamp(e, -1, size - 1);
                first[axis] = s;
                step[axis] = st;
                count[axis] = st > 0 ? Math.Max(0, (e - s + st - 1) / st) : Math.Max(0, (s - e - st - 1) / -st);
            }

            long total = Product(count);
            if (total > MaxElements)
            {
                return null;
            }

            var values = new double[total];
            var index = new long[rank];
            for (long n = 0; n < total; n++)
            {
                long source = 0;
                for (int a = 0; a < rank; a++)
                {
                    source = source * x.Dims[a] + first[a] + index[a] * step[a];
                }

                values[n] = x.Values[source];
                for (int a = rank - 1; a >= 0 && ++index[a] == count[a]; a--)
                {
                    index[a] = 0;
                }
            }

            return new FoldedTensor(x.Type, count, values);
        }

        private static FoldedTensor? Unary(string op, FoldedTensor? x) => x == null ? null : new FoldedTensor(x.Type, x.Dims, x.Values.Select(v => op switch
        {
            "Floor" => Math.Floor(v),
            "Ceil" => Math.Ceiling(v),
            "Neg" => -v,
            "Abs" => Math.Abs(v),
            _ => v == 0 ? 1 : 0,
        }).ToArray());

        private static FoldedTensor? Binary(OnnxNode node, FoldedTensor? a, FoldedTensor? b)
        {
            if (a == null || b == null || node.Inputs.Count != 2)
            {
                return null;
            }

            string op = node.OpType;
            bool integer = a.IsInteger;
            bool comparison = op is "Equal" or "Less" or "Greater" or "LessOrEqual" or "GreaterOrEqual" or "And" or "Or";
            bool fmod = node.Int("fmod", 0) != 0;
            Func<double, double, double> f = op switch
            {
                "Add" => (x, y) => x + y,
                "Sub" => (x, y) => x - y,
                "Mul" => (x, y) => x * y,
                "Div" when integer => (x, y) => y == 0 ? throw new ShapeException("an integer division by zero") : Math.Truncate(x / y),
                "Div" => (x, y) => x / y,
                // fmod = 1: the sign of the dividend (C's fmod); fmod = 0: the sign of the divisor (Python's %).
                "Mod" => (x, y) => y == 0 ? throw new ShapeException("a modulo by zero") : fmod ? x - Math.Truncate(x / y) * y : x - Math.Floor(x / y) * y,
                "Min" => Math.Min,
                "Max" => Math.Max,
                "Equal" => (x, y) => x == y ? 1 : 0,
                "Less" => (x, y) => x < y ? 1 : 0,
                "Greater" => (x, y) => x > y ? 1 : 0,
                "LessOrEqual" => (x, y) => x <= y ? 1 : 0,
                "GreaterOrEqual" => (x, y) => x >= y ? 1 : 0,
                "And" => (x, y) => x != 0 && y != 0 ? 1 : 0,
                "Or" => (x, y) => x != 0 || y != 0 ? 1 : 0,
                _ => throw new InvalidOperationException(op),
            };

            long[] dims = TensorShape.Broadcast(a.Dims, b.Dims);
            return Broadcast(dims, new[] { a, b }, comparison ? TensorElementType.Bool : a.Type, v => f(v[0], v[1]));
        }

        private static FoldedTensor? Where(FoldedTensor? condition, FoldedTensor? x, FoldedTensor? y)
        {
            if (condition == null || x == null || y == null)
            {
                return null;
            }

            long[] dims = TensorShape.Broadcast(TensorShape.Broadcast(condition.Dims, x.Dims), y.Dims);
            return Broadcast(dims, new[] { condition, x, y }, x.Type, v => v[0] != 0 ? v[1] : v[2]);
        }

        private static FoldedTensor? ConstantOfShape(OnnxNode node, FoldedTensor? shape)
        {
            if (shape == null)
            {
                return null;
            }

            long[] dims = shape.ToInt64();
            long count = Product(dims);
            if (dims.Any(d => d < 0) || count > MaxElements)
            {
                return null;
            }

            FoldedTensor? fill = node.Attributes.TryGetValue("value", out OnnxAttribute? a) && a.Tensor != null ? FoldedTensor.From(a.Tensor) : null;
            if (fill == null && a?.Tensor != null)
            {
                return null;
            }

            double value = fill?.Values.FirstOrDefault() ?? 0;
            return new FoldedTensor(fill?.Type ?? TensorElementType.Float, dims, Enumerable.Repeat(value, (int)count).ToArray());
        }

        private static FoldedTensor? Range(FoldedTensor? start, FoldedTensor? limit, FoldedTensor? delta)
        {
            if (start == null || limit == null || delta == null || start.Values.Length != 1 || limit.Values.Length != 1 || delta.Values.Length != 1)
            {
                return null;
            }

            double s = start.Values[0], d = delta.Values[0];
            if (d == 0)
            {
                throw new ShapeException("a Range delta is 0");
            }

            double n = Math.Max(Math.Ceiling((limit.Values[0] - s) / d), 0);
            if (n > MaxElements)
            {
                return null;
            }

            return FoldedTensor.Vector(start.Type, Enumerable.Range(0, (int)n).Select(i => s + i * d).ToArray());
        }

        /// <summary>Applies <paramref name="f"/> element-wise over numpy-broadcast inputs.</summary>
        private static FoldedTensor? Broadcast(long[] dims, FoldedTensor[] inputs, TensorElementType type, Func<double[], double> f)
        {
            long total = Product(dims);
            if (dims.Any(d => d < 0) || total > MaxElements)
            {
                return null;
            }

            int rank = dims.Length;
            var values = new double[total];
            var operands = new double[inputs.Length];
            var index = new long[rank];
            for (long n = 0; n < total; n++)
            {
                for (int k = 0; k < inputs.Length; k++)
                {
                    long[] d = inputs[k].Dims;
                    long source = 0;
                    for (int a = 0; a < d.Length; a++)
                    {
                        source = source * d[a] + (d[a] == 1 ? 0 : index[rank - d.Length + a]);
                    }

                    operands[k] = inputs[k].Values[source];
                }

                values[n] = Convert(f(operands), type);
                for (int a = rank - 1; a >= 0 && ++index[a] == dims[a]; a--)
                {
                    index[a] = 0;
                }
            }

            return new FoldedTensor(type, dims, values);
        }

        /// <summary>A value as an element of <paramref name="type"/>: integers truncate toward zero, booleans are 0 or 1.</summary>
        private static double Convert(double v, TensorElementType type) =>
            type == TensorElementType.Bool ? (v != 0 ? 1 : 0) : FoldedTensor.IsIntegerType(type) ? Math.Truncate(v) : type == TensorElementType.Float ? (float)v : v;

        private static long Product(IEnumerable<long> dims) => dims.Aggregate(1L, (a, d) => checked(a * d));

        private static long Clamp(long v, long lo, long hi) => v < lo ? lo : v > hi ? hi : v;
    }
}
