using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvAD.Onnx;

namespace ConvAD.Shapes
{
    /// <summary>
    /// Static shape inference for the ops of convolutional classifiers, with constant folding of the
    /// small integer tensors that feed shapes (Shape → Gather → Concat → Reshape). Unknown ops get
    /// unknown shapes; declared value_info fills gaps. The plan decides what an unknown shape means.
    /// </summary>
    internal partial class ShapeInference
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
        /// <summary>Shapes the file declares (value_info, outputs), the fallback where inference gives none.</summary>
        private readonly Dictionary<string, OnnxValueInfo> _declared = new Dictionary<string, OnnxValueInfo>(StringComparer.Ordinal);
        private readonly Dictionary<string, long[]> _constants = new Dictionary<string, long[]>(StringComparer.Ordinal);
        private readonly Dictionary<string, FoldedTensor> _folded = new Dictionary<string, FoldedTensor>(StringComparer.Ordinal);

        private ShapeInference(OnnxModel model)
        {
            _model = model;
            foreach (OnnxValueInfo v in model.Graph.ValueInfos.Concat(model.Graph.Outputs))
            {
                if (!_declared.ContainsKey(v.Name))
                {
                    _declared[v.Name] = v;
                }
            }
        }

        public IReadOnlyDictionary<string, TensorShape> Shapes => _shapes;

        /// <summary>Values of small integer tensors known at load time (initializers, constants, folded shapes).</summary>
        public IReadOnlyDictionary<string, long[]> Constants => _constants;

        public TensorShape? ShapeOf(string name) => name.Length > 0 && _shapes.TryGetValue(name, out TensorShape? s) ? s : null;

        public long[]? ConstantOf(string name) => name.Length > 0 && _constants.TryGetValue(name, out long[]? c) ? c : null;

        /// <summary>Every tensor whose value is known at load time, integer or float (initializers only once read).</summary>
        public IReadOnlyDictionary<string, FoldedTensor> Folded => _folded;

        /// <summary>The value of a tensor known at load time: a folded output, a Constant, or a small initializer; else null.</summary>
        public FoldedTensor? ValueOf(string name)
        {
            if (name.Length == 0)
            {
                return null;
            }

            if (_folded.TryGetValue(name, out FoldedTensor? v))
            {
                return v;
            }

            if (_model.Graph.Initializers.TryGetValue(name, out OnnxTensor? t) && FoldedTensor.From(t) is FoldedTensor read)
            {
                return _folded[name] = read;
            }

            return null;
        }

        /// <summary>Infers the shape of every tensor, visiting nodes in the given (topological) order.</summary>
        public static ShapeInference Run(OnnxModel model, IReadOnlyList<OnnxNode> order) =>
            Run(model, order, new Dictionary<string, long[]>());

        /// <param name="model">The model whose tensors' shapes are inferred.</param>
        /// <param name="order">The graph's nodes in execution order.</param>
        /// <param name="inputDims">
        /// Graph inputs whose dimensions the caller knows better than the file (an image input's symbolic height and width, made
        /// the stated size); a -1 among them is a symbolic batch, read as 1 as for any graph input.
        /// </param>
        /// <param name="cancellation">Checked before each node: the generator bounds a model's time with it.</param>
        public static ShapeInference Run(OnnxModel model, IReadOnlyList<OnnxNode> order, IReadOnlyDictionary<string, long[]> inputDims,
            CancellationToken cancellation = default)
        {
            var inference = new ShapeInference(model);
            inference.Seed();
            foreach (KeyValuePair<string, long[]> input in inputDims)
            {
                TensorElementType type = inference._shapes.TryGetValue(input.Key, out TensorShape? seeded) ? seeded.ElementType : TensorElementType.Undefined;
                inference._shapes[input.Key] = new TensorShape(type, input.Value.Select(d => d < 0 ? 1 : d).ToArray());
            }

            foreach (OnnxNode node in order)
            {
                cancellation.ThrowIfCancellationRequested();
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
                    if (_declared.TryGetValue(name, out OnnxValueInfo? declared) && declared.Shape != null)
                    {
                        TensorShape d = FromDeclared(declared);
                        s = new TensorShape(s?.ElementType is TensorElementType t && t != TensorElementType.Undefined ? t : d.ElementType, d.Dims);
                    }
                }

                _shapes[name] = s ?? new TensorShape(TensorElementType.Undefined, null);
            }

            Fold(node);
        }

        /// <summary>Evaluates the node when its inputs are known (one evaluator for every shape subgraph, <see cref="ConstantFolding"/>).</summary>
        private void Fold(OnnxNode node)
        {
            FoldedTensor? value;
            try
            {
                value = ConstantFolding.Fold(node, ValueOf, ShapeOf);
            }
            catch (ShapeException e)
            {
                throw new ShapeException($"node '{node.Name}' ({node.OpType}): {e.Message}");
            }
            catch (Exception e) when (e is OverflowException || e is IndexOutOfRangeException || e is ArgumentException)
            {
                throw new ShapeException($"node '{node.Name}' ({node.OpType}): inconsistent constant inputs ({e.Message})");
            }

            if (value == null || node.Outputs[0].Length == 0)
            {
                return;
            }

            _folded[node.Outputs[0]] = value;
            if (value.IsInteger)
            {
                _constants[node.Outputs[0]] = value.ToInt64();
            }
        }

        private TensorShape? In(OnnxNode node, int i) => ShapeOf(node.Input(i));

        private long[]? Dims(OnnxNode node, int i) => In(node, i)?.Dims;

        private TensorElementType TypeOf(OnnxNode node, int i) => In(node, i)?.ElementType ?? TensorElementType.Undefined;

        private TensorShape?[] InferNode(OnnxNode node)
        {
            string op = node.OpType;
            if (node.Domain == "com.microsoft")
            {
                return InferMicrosoft(node);
            }

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

        /// <summary>The axes of a node: its "axes" attribute, or the constant input that replaced it in later opsets.</summary>
        public long[]? AxesOf(OnnxNode node, int inputIndex)
        {
            long[]? axes = node.Ints("axes");
            if (axes == null && node.Inputs.Count > inputIndex && node.Input(inputIndex).Length > 0)
            {
                axes = ConstantOf(node.Input(inputIndex));
            }

            return axes;
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
