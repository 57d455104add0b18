using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>
    /// Static shape inference for the ops of convolutional classifiers, with constant folding of the
    /// small integer tensors that feed shapes (Shape → Gather → Concat → Reshape). Unknown ops get
    /// unknown shapes; declared value_info fills gaps. The plan decides what an unknown shape means.
    /// </summary>
    public sealed class ShapeInference
    {
        private static readonly HashSet<string> SameShapeOps = new HashSet<string>(StringComparer.Ordinal)
        {
            "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Softplus",
            "Softsign", "Exp", "Log", "Abs", "Neg", "Sqrt", "Reciprocal", "Floor", "Ceil", "Round", "Erf", "Gelu", "Mish",
            "Identity", "Dropout", "BatchNormalization", "InstanceNormalization", "LRN", "Clip", "Softmax", "LogSoftmax",
            "Hardmax", "LayerNormalization", "GroupNormalization", "ThresholdedRelu", "Sign", "Sin", "Cos", "Not",
            "MeanVarianceNormalization", "Shrink", "IsNaN", "IsInf",
        };

        private static readonly HashSet<string> BroadcastOps = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Equal", "Greater", "Less", "GreaterOrEqual",
            "LessOrEqual", "And", "Or", "Xor", "Where", "Mod", "BitShift",
        };

        private readonly OnnxModel _model;
        private readonly Dictionary<string, TensorShape> _shapes = new Dictionary<string, TensorShape>(StringComparer.Ordinal);
        private readonly Dictionary<string, long[]> _constants = new Dictionary<string, long[]>(StringComparer.Ordinal);

        private ShapeInference(OnnxModel model)
        {
            _model = model;
        }

        public IReadOnlyDictionary<string, TensorShape> Shapes => _shapes;

        /// <summary>Values of small integer tensors known at load time (initializers, constants, folded shapes).</summary>
        public IReadOnlyDictionary<string, long[]> Constants => _constants;

        public TensorShape? ShapeOf(string name) => name.Length > 0 && _shapes.TryGetValue(name, out TensorShape? s) ? s : null;

        public long[]? ConstantOf(string name) => name.Length > 0 && _constants.TryGetValue(name, out long[]? c) ? c : null;

        /// <summary>Infers the shape of every tensor, visiting nodes in the given (topological) order.</summary>
        public static ShapeInference Run(OnnxModel model, IReadOnlyList<OnnxNode> order)
        {
            var inference = new ShapeInference(model);
            inference.Seed();
            foreach (OnnxNode node in order)
            {
                inference.Infer(node);
            }

            return inference;
        }

        private void Seed()
        {
            OnnxGraph g = _model.Graph;
            foreach (OnnxTensor t in g.Initializers.Values)
            {
                _shapes[t.Name] = new TensorShape(t.ElementType, t.Dims);
                if (t.Int64Values != null)
                {
                    _constants[t.Name] = t.Int64Values;
                }
            }

            foreach (OnnxValueInfo v in g.Inputs)
            {
                if (!_shapes.ContainsKey(v.Name))
                {
                    _shapes[v.Name] = FromGraphInput(v);
                }
            }
        }

        private static TensorShape FromDeclared(OnnxValueInfo v) =>
            new TensorShape(v.ElementType, v.Shape?.Select(d => d.Value ?? -1).ToArray());

        /// <summary>A graph input's shape with a symbolic batch (first) dimension read as 1: the plan works on one image.</summary>
        private static TensorShape FromGraphInput(OnnxValueInfo v) =>
            new TensorShape(v.ElementType, v.Shape?.Select((d, i) => d.Value ?? (i == 0 ? 1 : -1)).ToArray());

        private void Infer(OnnxNode node)
        {
            TensorShape?[] outputs;
            try
            {
                outputs = InferNode(node);
            }
            catch (ShapeException e)
            {
                throw new ShapeException($"node '{node.Name}' ({node.OpType}): {e.Message}");
            }
            catch (Exception e) when (e is OverflowException || e is IndexOutOfRangeException || e is ArgumentException)
            {
                throw new ShapeException($"node '{node.Name}' ({node.OpType}): inconsistent attributes or shapes ({e.Message})");
            }

            for (int i = 0; i < node.Outputs.Count; i++)
            {
                string name = node.Outputs[i];
                if (name.Length == 0)
                {
                    continue;
                }

                TensorShape? s = i < outputs.Length ? outputs[i] : null;
                if (s == null || s.Dims == null || !s.IsFullyKnown)
                {
                    OnnxValueInfo? declared = _model.Graph.ValueInfos.Concat(_model.Graph.Outputs).FirstOrDefault(v => v.Name == name);
                    if (declared?.Shape != null)
                    {
                        TensorShape d = FromDeclared(declared);
                        s = new TensorShape(s?.ElementType is TensorElementType t && t != TensorElementType.Undefined ? t : d.ElementType, d.Dims);
                    }
                }

                _shapes[name] = s ?? new TensorShape(TensorElementType.Undefined, null);
            }
        }

        private TensorShape? In(OnnxNode node, int i) => ShapeOf(node.Input(i));

        private long[]? Dims(OnnxNode node, int i) => In(node, i)?.Dims;

        private TensorElementType TypeOf(OnnxNode node, int i) => In(node, i)?.ElementType ?? TensorElementType.Undefined;

        private TensorShape?[] InferNode(OnnxNode node)
        {
            string op = node.OpType;
            if (node.Domain.Length != 0 && node.Domain != "ai.onnx")
            {
                return Array.Empty<TensorShape>();
            }

            if (SameShapeOps.Contains(op))
            {
                TensorShape? x = In(node, 0);
                return Enumerable.Repeat(x, node.Outputs.Count).ToArray();
            }

            if (BroadcastOps.Contains(op))
            {
                return new[] { InferBroadcast(node) };
            }

            switch (op)
            {
                case "Constant":
                    return new[] { InferConstant(node) };
                case "Cast":
                    return new[] { In(node, 0)?.WithType((TensorElementType)node.Int("to", 0)) };
                case "QuantizeLinear":
                    {
                        TensorElementType t = node.Inputs.Count > 2 && node.Input(2).Length > 0 ? TypeOf(node, 2) : TensorElementType.UInt8;
                        return new[] { In(node, 0)?.WithType(t) };
                    }

                case "DequantizeLinear":
                    {
                        TensorElementType t = node.Inputs.Count > 1 ? TypeOf(node, 1) : TensorElementType.Float;
                        return new[] { In(node, 0)?.WithType(t == TensorElementType.Undefined ? TensorElementType.Float : t) };
                    }

                case "Conv":
                case "ConvInteger":
                    return new[] { InferConv(node, 0, 1, op == "ConvInteger" ? TensorElementType.Int32 : TypeOf(node, 0)) };
                case "QLinearConv":
                    return new[] { InferConv(node, 0, 3, TypeOf(node, 7)) };
                case "MaxPool":
                case "AveragePool":
                case "LpPool":
                    {
                        TensorShape? p = InferPool(node);
                        return new[] { p, p?.WithType(TensorElementType.Int64) };
                    }

                case "GlobalAveragePool":
                case "GlobalMaxPool":
                case "GlobalLpPool":
                    {
                        long[]? d = Dims(node, 0);
                        return new[] { d == null ? null : new TensorShape(TypeOf(node, 0), d.Select((v, i) => i < 2 ? v : 1).ToArray()) };
                    }

                case "Shape":
                    return new[] { InferShapeOp(node) };
                case "Size":
                    return new[] { new TensorShape(TensorElementType.Int64, Array.Empty<long>()) };
                case "Gather":
                    return new[] { InferGather(node) };
                case "Unsqueeze":
                    return new[] { InferUnsqueeze(node) };
                case "Squeeze":
                    return new[] { InferSqueeze(node) };
                case "Concat":
                    return new[] { InferConcat(node) };
                case "Reshape":
                    return new[] { InferReshape(node) };
                case "Flatten":
                    return new[] { InferFlatten(node) };
                case "Transpose":
                    return new[] { InferTranspose(node) };
                case "Split":
                    return InferSplit(node);
                case "Slice":
                    return new[] { InferSlice(node) };
                case "Gemm":
                    return new[] { InferGemm(node) };
                case "MatMul":
                case "MatMulInteger":
                case "QLinearMatMul":
                    return new[] { InferMatMul(node) };
                case "ReduceMean":
                case "ReduceSum":
                case "ReduceMax":
                case "ReduceMin":
                case "ReduceProd":
                case "ReduceL1":
                case "ReduceL2":
                case "ReduceLogSumExp":
                case "ReduceSumSquare":
                    return new[] { InferReduce(node) };
                case "Pad":
                    return new[] { InferPad(node) };
                case "ConstantOfShape":
                    {
                        long[]? shape = ConstantOf(node.Input(0));
                        return new[] { shape == null ? null : new TensorShape(TensorElementType.Float, shape) };
                    }

                default:
                    return Array.Empty<TensorShape>();
            }
        }

        private TensorShape? InferBroadcast(OnnxNode node)
        {
            long[]? result = null;
            TensorElementType type = TensorElementType.Undefined;
            int first = node.OpType == "Where" ? 1 : 0;
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                long[]? d = Dims(node, i);
                if (d == null)
                {
                    return null;
                }

                result = result == null ? d : TensorShape.Broadcast(result, d);
                if (i == first)
                {
                    type = TypeOf(node, i);
                }
            }

            if (node.OpType is "Equal" or "Greater" or "Less" or "GreaterOrEqual" or "LessOrEqual" or "And" or "Or" or "Xor")
            {
                type = TensorElementType.Bool;
            }

            if (result != null && node.OpType is "Add" or "Sub" or "Mul" or "Div")
            {
                FoldArithmetic(node, result);
            }

            return result == null ? null : new TensorShape(type, result);
        }

        private void FoldArithmetic(OnnxNode node, long[] shape)
        {
            long[]? a = ConstantOf(node.Input(0));
            long[]? b = ConstantOf(node.Input(1));
            if (a == null || b == null || shape.Length > 1 || (a.Length != 1 && b.Length != 1 && a.Length != b.Length))
            {
                return;
            }

            int n = Math.Max(a.Length, b.Length);
            var r = new long[n];
            for (int i = 0; i < n; i++)
            {
                long x = a[a.Length == 1 ? 0 : i];
                long y = b[b.Length == 1 ? 0 : i];
                r[i] = node.OpType == "Add" ? x + y : node.OpType == "Sub" ? x - y : node.OpType == "Mul" ? x * y : y == 0 ? 0 : x / y;
            }

            _constants[node.Outputs[0]] = r;
        }

        private TensorShape? InferConstant(OnnxNode node)
        {
            foreach (OnnxAttribute a in node.Attributes.Values)
            {
                switch (a.Name)
                {
                    case "value" when a.Tensor != null:
                        if (a.Tensor.Int64Values != null)
                        {
                            _constants[node.Outputs[0]] = a.Tensor.Int64Values;
                        }

                        return new TensorShape(a.Tensor.ElementType, a.Tensor.Dims);
                    case "value_int":
                        _constants[node.Outputs[0]] = new[] { a.I };
                        return new TensorShape(TensorElementType.Int64, Array.Empty<long>());
                    case "value_ints":
                        _constants[node.Outputs[0]] = a.Ints;
                        return new TensorShape(TensorElementType.Int64, new long[] { a.Ints.Length });
                    case "value_float":
                        return new TensorShape(TensorElementType.Float, Array.Empty<long>());
                    case "value_floats":
                        return new TensorShape(TensorElementType.Float, new long[] { a.Floats.Length });
                }
            }

            return null;
        }

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

        private TensorShape? InferShapeOp(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            if (x == null)
            {
                return null;
            }

            long start = node.Int("start", 0);
            long end = node.Int("end", x.Length);
            int s = (int)Clamp(start < 0 ? start + x.Length : start, 0, x.Length);
            int e = (int)Clamp(end < 0 ? end + x.Length : end, 0, x.Length);
            long[] values = x.Skip(s).Take(Math.Max(0, e - s)).ToArray();
            if (values.All(v => v >= 0))
            {
                _constants[node.Outputs[0]] = values;
            }

            return new TensorShape(TensorElementType.Int64, new long[] { values.Length });
        }

        private TensorShape? InferGather(OnnxNode node)
        {
            long[]? data = Dims(node, 0);
            long[]? indices = Dims(node, 1);
            if (data == null || indices == null)
            {
                return null;
            }

            int axis = NormaliseAxis(node.Int("axis", 0), data.Length);
            long[]? values = ConstantOf(node.Input(0));
            long[]? index = ConstantOf(node.Input(1));
            if (values != null && index != null && data.Length == 1)
            {
                _constants[node.Outputs[0]] = index.Select(i => values[(int)(i < 0 ? i + values.Length : i)]).ToArray();
            }

            long[] dims = data.Take(axis).Concat(indices).Concat(data.Skip(axis + 1)).ToArray();
            return new TensorShape(TypeOf(node, 0), dims);
        }

        private long[]? AxesOf(OnnxNode node, int inputIndex)
        {
            long[]? axes = node.Ints("axes");
            if (axes == null && node.Inputs.Count > inputIndex && node.Input(inputIndex).Length > 0)
            {
                axes = ConstantOf(node.Input(inputIndex));
            }

            return axes;
        }

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

            long[]? c = ConstantOf(node.Input(0));
            if (c != null)
            {
                _constants[node.Outputs[0]] = c;
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
            long[]? c = ConstantOf(node.Input(0));
            if (c != null)
            {
                _constants[node.Outputs[0]] = c;
            }

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

            if (inputs.All(d => d!.Length == 1))
            {
                var values = node.Inputs.Where(n => n.Length > 0).Select(ConstantOf).ToList();
                if (values.All(v => v != null))
                {
                    _constants[node.Outputs[0]] = values.SelectMany(v => v!).ToArray();
                }
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

            long[]? c = ConstantOf(node.Input(0));
            if (c != null)
            {
                _constants[node.Outputs[0]] = c;
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

            axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            long[] dims = (long[])x.Clone();
            long[]? values = ConstantOf(node.Input(0));
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

                if (values != null && x.Length == 1 && step == 1)
                {
                    values = values.Skip((int)s).Take((int)dims[axis]).ToArray();
                }
            }

            if (values != null && x.Length == 1)
            {
                _constants[node.Outputs[0]] = values;
            }

            return new TensorShape(TypeOf(node, 0), dims);
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

        private TensorShape? InferGemm(OnnxNode node)
        {
            long[]? a = Dims(node, 0);
            long[]? b = Dims(node, 1);
            if (a == null || b == null || a.Length != 2 || b.Length != 2)
            {
                return null;
            }

            long m = node.Int("transA", 0) != 0 ? a[1] : a[0];
            long n = node.Int("transB", 0) != 0 ? b[0] : b[1];
            return new TensorShape(TypeOf(node, 0), new[] { m, n });
        }

        private TensorShape? InferMatMul(OnnxNode node)
        {
            bool qlinear = node.OpType == "QLinearMatMul";
            long[]? a = Dims(node, 0);
            long[]? b = Dims(node, qlinear ? 3 : 1);
            if (a == null || b == null || a.Length == 0 || b.Length == 0)
            {
                return null;
            }

            TensorElementType type = qlinear ? TypeOf(node, 7) : node.OpType == "MatMulInteger" ? TensorElementType.Int32 : TypeOf(node, 0);
            if (b.Length == 1)
            {
                return new TensorShape(type, a.Take(a.Length - 1).ToArray());
            }

            if (a.Length == 1)
            {
                return new TensorShape(type, b.Take(b.Length - 2).Concat(new[] { b[b.Length - 1] }).ToArray());
            }

            long[] batch = TensorShape.Broadcast(a.Take(a.Length - 2).ToArray(), b.Take(b.Length - 2).ToArray());
            return new TensorShape(type, batch.Concat(new[] { a[a.Length - 2], b[b.Length - 1] }).ToArray());
        }

        private TensorShape? InferReduce(OnnxNode node)
        {
            long[]? x = Dims(node, 0);
            if (x == null)
            {
                return null;
            }

            long[]? axes = ReduceAxes(node, x.Length);
            if (axes == null)
            {
                return null;
            }

            bool keep = node.Int("keepdims", 1) != 0;
            var set = new HashSet<long>(axes);
            var dims = new List<long>();
            for (int i = 0; i < x.Length; i++)
            {
                if (!set.Contains(i))
                {
                    dims.Add(x[i]);
                }
                else if (keep)
                {
                    dims.Add(1);
                }
            }

            return new TensorShape(TypeOf(node, 0), dims.ToArray());
        }

        /// <summary>The normalised axes a Reduce* node reduces, or null when they are not static.</summary>
        public long[]? ReduceAxes(OnnxNode node, int rank)
        {
            long[]? axes = AxesOf(node, 1);
            if (axes == null || axes.Length == 0)
            {
                bool axesInputGiven = node.Inputs.Count > 1 && node.Input(1).Length > 0;
                if (axesInputGiven && axes == null)
                {
                    return null;
                }

                return node.Int("noop_with_empty_axes", 0) != 0 ? Array.Empty<long>() : Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
            }

            return axes.Select(a => (long)NormaliseAxis(a, rank)).Distinct().OrderBy(a => a).ToArray();
        }

        public static int NormaliseAxis(long axis, int rank)
        {
            long a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= Math.Max(rank, 1))
            {
                throw new ShapeException($"axis {axis} is out of range for rank {rank}");
            }

            return (int)a;
        }

        private static long Clamp(long v, long lo, long hi) => v < lo ? lo : v > hi ? hi : v;
    }
}
