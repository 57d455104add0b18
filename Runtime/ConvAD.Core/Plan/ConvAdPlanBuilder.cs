using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>
    /// Computes the <see cref="ConvAdPlan"/> of a model by walking its graph once in execution order and
    /// applying the rules of ConvAD op by op (docs/architecture.md). The one implementation of those
    /// rules: the source generator and the runtime both call it.
    /// </summary>
    internal sealed partial class ConvAdPlanBuilder
    {
        /// <summary>The model as planned: as read, or with its Ifs inlined (<see cref="ConstantConditions"/>).</summary>
        private OnnxModel _model;
        private readonly PlanOptions _options;
        private readonly Dictionary<string, SpatialState> _spatial = new Dictionary<string, SpatialState>(StringComparer.Ordinal);
        private readonly HashSet<string> _dataDependent = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<PlanMask> _masks = new List<PlanMask>();
        private readonly Dictionary<string, int> _maskKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<PlanNode> _nodes = new List<PlanNode>();
        private readonly Dictionary<string, int> _consumers = new Dictionary<string, int>(StringComparer.Ordinal);
        private ShapeInference _shapes = null!;
        private UnsupportedReason? _unsupported;
        private SymbolicInputSize? _symbolicSize;

        private readonly CancellationToken _cancellation;

        private ConvAdPlanBuilder(OnnxModel model, PlanOptions options, CancellationToken cancellation)
        {
            _model = model;
            _options = options;
            _cancellation = cancellation;
        }

        /// <summary>
        /// Builds the plan. Never throws for a model it cannot handle: the plan says why instead. A model whose shapes break a
        /// rule of ONNX (a Conv's channels against its group) is no model to plan: <see cref="Validation.ModelValidationException"/>.
        /// <paramref name="cancellation"/> is checked before each node (<see cref="OperationCanceledException"/>): the generator
        /// bounds a model's time with it.
        /// </summary>
        public static ConvAdPlan Build(OnnxModel model, PlanOptions? options = null, CancellationToken cancellation = default) =>
            new ConvAdPlanBuilder(model, options ?? PlanOptions.Default, cancellation).Build();

        private ConvAdPlan Build()
        {
            IReadOnlyList<OnnxNode> order;
            ModelInput? input = null;
            try
            {
                order = GraphOrder.Topological(_model.Graph);
                input = FindImageInput();

                // The image input's shape as the plan runs it: a symbolic height and width become the stated size.
                var inputDims = new Dictionary<string, long[]>(StringComparer.Ordinal);
                if (input != null)
                {
                    inputDims[input.Name] = input.Shape;
                    if (ConstantConditions.HasIf(_model.Graph))
                    {
                        // Before anything is planned, so that every engine runs the graph the plan describes: plan.Order.
                        // An If that cannot be inlined makes the plan unsupported and leaves the order as read (plain runs).
                        try
                        {
                            _model = ConstantConditions.Inline(_model, input, inputDims, _cancellation);
                            order = GraphOrder.Topological(_model.Graph);
                        }
                        catch (GraphException e)
                        {
                            Fail(e.Node, e.Op, e.Message);
                        }
                    }
                }

                _shapes = ShapeInference.Run(_model, order, inputDims, _cancellation);
                Validation.ModelValidator.CheckShapes(_model, _shapes); // an invalid model is refused, not planned
                if (_unsupported == null && input != null)
                {
                    CountConsumers(order);
                    _spatial[input.Name] = new SpatialState(input.Layout, AddMask(MaskOrigin.Input, input.Height, input.Width, Array.Empty<int>(), null, input.Name));
                    _dataDependent.Add(input.Name);
                    foreach (OnnxNode node in order)
                    {
                        _cancellation.ThrowIfCancellationRequested();
                        Visit(node);
                        if (_unsupported != null)
                        {
                            break;
                        }
                    }

                    CheckOutputs();
                }
            }
            catch (ShapeException e)
            {
                order = Array.Empty<OnnxNode>();
                Fail("", "", "shape inference failed: " + e.Message);
            }
            catch (GraphException e)
            {
                order = Array.Empty<OnnxNode>();
                Fail(e.Node, e.Op, e.Message);
            }

            bool failed = _unsupported != null;
            string[] outputs = _model.Graph.Outputs.Select(o => o.Name).ToArray();
            long[]? outputShape = outputs.Length > 0 ? _shapes?.ShapeOf(outputs[0])?.Dims : null;
            return new ConvAdPlan(_options, input, outputs, failed ? Array.Empty<PlanNode>() : _nodes.ToArray(),
                failed ? Array.Empty<PlanMask>() : _masks.ToArray(), _unsupported, AnalyseBatch(order), outputShape, order, _shapes, _symbolicSize);
        }

        private void Fail(string node, string op, string reason)
        {
            _unsupported ??= new UnsupportedReason(node, op, reason);
        }

        private void Fail(OnnxNode node, string reason) => Fail(node.Name, node.OpType, reason);

        private ModelInput? FindImageInput()
        {
            var initializers = _model.Graph.Initializers;
            var inputs = _model.Graph.Inputs.Where(i => !initializers.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1)
            {
                Fail("", "", $"an image classifier has one input; this model has {inputs.Count}");
                return null;
            }

            OnnxValueInfo v = inputs[0];
            if (v.Shape == null || v.Shape.Length != 4)
            {
                Fail("", "", $"input '{v.Name}' is not a 4-D image tensor (N×C×H×W or N×H×W×C); its shape is {(v.Shape == null ? "undeclared" : "[" + string.Join(",", v.Shape.Select(d => d.ToString())) + "]")}");
                return null;
            }

            if (!v.ElementType.IsFloatingPoint())
            {
                Fail("", "", $"input '{v.Name}' has element type {v.ElementType.DisplayName()}; ConvAD needs a floating-point image input");
                return null;
            }

            long?[] d = v.Shape.Select(x => x.Value).ToArray();
            bool Channels(long? c) => c == 1 || c == 3 || c == 4;
            bool Side(long? s) => s == null || s > 0; // fixed, or symbolic (then the size is stated)
            SpatialLayout layout;
            if (Channels(d[1]) && Side(d[2]) && Side(d[3]))
            {
                layout = SpatialLayout.Nchw;
            }
            else if (Channels(d[3]) && Side(d[1]) && Side(d[2]))
            {
                layout = SpatialLayout.Nhwc;
            }
            else
            {
                Fail("", "", $"input '{v.Name}' [{string.Join(",", v.Shape.Select(x => x.ToString()))}] is not an image: expected N×C×H×W or N×H×W×C with C in {{1,3,4}}");
                return null;
            }

            long[]? shape = SpatialShape(v, d, layout);
            return shape == null ? null : new ModelInput(v.Name, v.ElementType, shape, layout, _symbolicSize);
        }

        /// <summary>
        /// The input's shape with its height and width as the plan runs them: as the file fixes them, or, where symbolic, the
        /// stated <see cref="PlanOptions.InputSize"/>; null (and the plan unsupported, saying how to state one) without it.
        /// The batch stays as in the file (-1 when symbolic).
        /// </summary>
        private long[]? SpatialShape(OnnxValueInfo v, long?[] d, SpatialLayout layout)
        {
            string dims = "[" + string.Join(",", v.Shape!.Select(x => x.ToString())) + "]";
            int[] symbolic = new[] { layout.HeightAxis, layout.WidthAxis }.Where(a => d[a] == null).ToArray();
            InputSize? stated = _options.InputSize;
            if (symbolic.Length > 0)
            {
                _symbolicSize = new SymbolicInputSize(v.Name, symbolic, symbolic.Select(a => v.Shape![a].Param ?? "?").ToArray(), stated);
                if (stated == null)
                {
                    string which = symbolic.Length == 2 ? "height and width" : symbolic[0] == layout.HeightAxis ? "height" : "width";
                    Fail("", "", $"input '{v.Name}' {dims} has a symbolic {which}, so ConvAD needs the size to run it at: state it as "
                        + "\"input\": { \"size\": [H, W] } in the model's .convad.json, or with --input-size HxW on the command line "
                        + "(PlanOptions.InputSize in the API)");
                    return null;
                }
            }

            if (stated != null && ((d[layout.HeightAxis] ?? stated.Height) != stated.Height || (d[layout.WidthAxis] ?? stated.Width) != stated.Width))
            {
                string sides = symbolic.Length == 0 ? "height and width" : symbolic[0] == layout.HeightAxis ? "width" : "height";
                Fail("", "", $"input '{v.Name}' {dims} fixes its {sides}, and the stated input size {stated} differs "
                    + "(state a size only for a symbolic height or width, and keep what the model fixes)");
                return null;
            }

            long[] shape = d.Select(x => x ?? -1).ToArray();
            if (stated != null)
            {
                shape[layout.HeightAxis] = stated.Height;
                shape[layout.WidthAxis] = stated.Width;
            }

            return shape;
        }

        private void CountConsumers(IReadOnlyList<OnnxNode> order)
        {
            foreach (OnnxNode n in order)
            {
                foreach (string i in n.Inputs)
                {
                    _consumers[i] = _consumers.TryGetValue(i, out int c) ? c + 1 : 1;
                }
            }
        }

        private int AddMask(MaskOrigin origin, long height, long width, int[] sources, PoolGeometry? geometry, string createdBy, MaskPadding? padding = null)
        {
            string key = $"{origin}|{string.Join(",", sources)}|{geometry}{padding}|{height}x{width}";
            if (_maskKeys.TryGetValue(key, out int existing))
            {
                return existing;
            }

            // A mask is an int-indexed grid. Inferred sizes beyond that (a Pad whose pads are near 2^31, found by fuzzing)
            // make the node unsupported, caught by Visit, rather than an OverflowException out of the builder.
            if (height > int.MaxValue || width > int.MaxValue)
            {
                throw new GraphException(createdBy, "", $"a mask of {height}×{width} positions is beyond ConvAD's limits");
            }

            int id = _masks.Count;
            _masks.Add(new PlanMask(id, origin, (int)height, (int)width, sources, geometry, createdBy, padding));
            _maskKeys[key] = id;
            return id;
        }

        private long[] Dims(string tensor)
        {
            long[]? d = _shapes.ShapeOf(tensor)?.Dims;
            if (d == null || d.Any(x => x < 0))
            {
                throw new GraphException("", "", $"the shape of '{tensor}' cannot be inferred");
            }

            return d;
        }

        /// <summary>
        /// The dims of a tensor a window op reads or writes, which must be 4-D (N, C, H, W): a model whose shapes
        /// disagree with the plan's spatial tensors (an op's inputs reordered, say) is unsupported, with the node named.
        /// </summary>
        private long[] ImageDims(OnnxNode node, string tensor)
        {
            long[] d = Dims(tensor);
            if (d.Length != 4)
            {
                throw new GraphException(node.Name, node.OpType, $"'{tensor}' has {d.Length} dimensions where a 4-D image tensor was expected");
            }

            return d;
        }

        private void Visit(OnnxNode node)
        {
            bool dependent = node.Inputs.Any(_dataDependent.Contains);
            if (dependent)
            {
                foreach (string o in node.Outputs)
                {
                    _dataDependent.Add(o);
                }
            }

            if (node.Attributes.Values.Any(a => a.Type == AttributeType.Graph || a.Type == AttributeType.Graphs))
            {
                // A subgraph reads the outer graph's tensors without naming them as inputs: a spatial tensor read there would
                // bypass every rule, so control flow is refused wherever it is left (an If with a known condition is inlined).
                Fail(node, "control flow (a subgraph) may read spatial tensors that ConvAD cannot follow");
                return;
            }

            var spatialInputs = node.Inputs.Select((name, i) => (name, i)).Where(x => x.name.Length > 0 && _spatial.ContainsKey(x.name)).ToList();
            if (spatialInputs.Count == 0)
            {
                Record(node, NodeRole.NonSpatial, null, null, null);
                return;
            }

            if (node.Domain.Length != 0 && !IsQuantizedContrib(node))
            {
                Fail(node, $"op '{node.Domain}.{node.OpType}' from a custom domain reads a spatial tensor; ConvAD cannot tell how it mixes space");
                return;
            }

            try
            {
                VisitSpatial(node, spatialInputs);
            }
            catch (GraphException e)
            {
                Fail(node, e.Message);
            }
            catch (ShapeException e)
            {
                Fail(node, e.Message);
            }
        }

        private void VisitSpatial(OnnxNode node, List<(string name, int index)> spatialInputs)
        {
            string op = node.OpType;
            SpatialState first = _spatial[spatialInputs[0].name];
            if (op == "Shape" || op == "Size")
            {
                Record(node, NodeRole.ShapeOnly, first.Mask, null, null);
                return;
            }

            if (OpCatalog.Pointwise.Contains(op) || op == "LRN")
            {
                RequireOnlyDataInputSpatial(node, spatialInputs, 0);
                if (op == "Dropout" && node.Outputs.Count > 1 && node.Outputs[1].Length > 0 && _consumers.ContainsKey(node.Outputs[1]))
                {
                    Fail(node, "the Dropout mask output is used");
                    return;
                }

                Propagate(node, first);
                Record(node, NodeRole.Pointwise, first.Mask, first.Mask, first.Layout);
                return;
            }

            if (OpCatalog.Merging.Contains(op) || op == "Concat" || op == "QLinearAdd" || op == "QLinearMul" || op == "QLinearConcat")
            {
                VisitMerge(node, spatialInputs);
                return;
            }

            switch (op)
            {
                case "Conv":
                case "ConvInteger":
                case "QLinearConv":
                    VisitConv(node, spatialInputs);
                    return;
                case "MaxPool":
                case "AveragePool":
                case "QLinearAveragePool":
                    RequireChannelsFirst(node);
                    RequireOnlyDataInputSpatial(node, spatialInputs, 0);
                    VisitPool(node, first);
                    return;
                case "GlobalAveragePool":
                case "GlobalMaxPool":
                case "QLinearGlobalAveragePool":
                    RequireChannelsFirst(node);
                    RequireOnlyDataInputSpatial(node, spatialInputs, 0);
                    RequireNchw(node, first);
                    VisitAggregate(node, first, op == "GlobalMaxPool" ? "max" : "mean");
                    return;
                case "QLinearSigmoid":
                case "QLinearLeakyRelu":
                    RequireOnlyDataInputSpatial(node, spatialInputs, 0);
                    Propagate(node, first);
                    Record(node, NodeRole.Pointwise, first.Mask, first.Mask, first.Layout);
                    return;
                case "ReduceMean":
                case "ReduceSum":
                case "ReduceMax":
                    VisitReduce(node, first);
                    return;
                case "Transpose":
                    VisitTranspose(node, first);
                    return;
                case "Split":
                case "Slice":
                    VisitChannelSlice(node, spatialInputs, first);
                    return;
                case "Softmax":
                case "LogSoftmax":
                case "Hardmax":
                case "LayerNormalization":
                case "QLinearSoftmax":
                    VisitChannelNormalisation(node, spatialInputs, first);
                    return;
                case "MatMul":
                case "MatMulInteger":
                case "QLinearMatMul":
                    VisitMatMul(node, spatialInputs, first);
                    return;
                case "Pad":
                    VisitPad(node, spatialInputs, first);
                    return;
            }

            if (OpCatalog.Reshaping.Contains(op))
            {
                VisitReshape(node, spatialInputs, first);
                return;
            }

            if (OpCatalog.SpatialStatistics.Contains(op))
            {
                Fail(node, "statistics over space (masked normalisation) are not supported yet");
                return;
            }

            if (op == "Gemm")
            {
                Fail(node, "a fully-connected layer reads a spatial map directly; expected Flatten or Reshape before it");
                return;
            }

            if (OpCatalog.KnownUnsupported.TryGetValue(op, out string? why))
            {
                Fail(node, why + " (unsupported under ConvAD)");
                return;
            }

            Fail(node, "this op reads a spatial tensor and ConvAD has no rule for it");
        }

        private void Propagate(OnnxNode node, SpatialState state)
        {
            foreach (string o in node.Outputs)
            {
                if (o.Length > 0)
                {
                    _spatial[o] = state;
                }
            }
        }

        private void RequireOnlyDataInputSpatial(OnnxNode node, List<(string name, int index)> spatialInputs, int dataIndex)
        {
            var other = spatialInputs.FirstOrDefault(x => x.index != dataIndex);
            if (other.name != null)
            {
                throw new GraphException(node.Name, node.OpType, $"input {other.index} ('{other.name}') is a spatial tensor where a parameter was expected");
            }

            if (spatialInputs[0].index != dataIndex)
            {
                throw new GraphException(node.Name, node.OpType, $"input {spatialInputs[0].index} is spatial but input {dataIndex} is not");
            }
        }

        private static void RequireNchw(OnnxNode node, SpatialState state)
        {
            if (!state.Layout.IsNchw)
            {
                throw new GraphException(node.Name, node.OpType, $"expects NCHW but the tensor's layout is {state.Layout}");
            }
        }

        private void CheckOutputs()
        {
            if (_unsupported != null)
            {
                return;
            }

            foreach (OnnxValueInfo o in _model.Graph.Outputs)
            {
                if (_spatial.ContainsKey(o.Name))
                {
                    Fail("", "", $"output '{o.Name}' is still a spatial map: ConvAD explains image classifiers, whose outputs are per-class scores");
                    return;
                }
            }
        }

        private void Record(OnnxNode node, NodeRole role, int? inputMask, int? outputMask, SpatialLayout? layout,
            IReadOnlyList<PlanCheckpoint>? checkpoints = null, OutputCorrection correction = OutputCorrection.None, PoolGeometry? geometry = null)
        {
            long[]? shape = node.Outputs.Count > 0 ? _shapes.ShapeOf(node.Outputs[0])?.Dims : null;
            _nodes.Add(new PlanNode(node, role, shape, inputMask, outputMask, layout, checkpoints ?? Array.Empty<PlanCheckpoint>(), correction, geometry));
        }

        private readonly struct SpatialState
        {
            public SpatialState(SpatialLayout layout, int mask)
            {
                Layout = layout;
                Mask = mask;
            }

            public SpatialLayout Layout { get; }

            public int Mask { get; }
        }
    }
}
