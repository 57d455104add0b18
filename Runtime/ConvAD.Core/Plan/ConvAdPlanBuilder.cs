using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>
    /// Computes the <see cref="ConvAdPlan"/> of a model by walking its graph once in execution order and
    /// applying the rules of ConvAD op by op (docs/architecture.md). The one implementation of those
    /// rules: the source generator and the runtime both call it.
    /// </summary>
    public sealed class ConvAdPlanBuilder
    {
        private readonly OnnxModel _model;
        private readonly PlanOptions _options;
        private readonly Dictionary<string, SpatialState> _spatial = new Dictionary<string, SpatialState>(StringComparer.Ordinal);
        private readonly HashSet<string> _dataDependent = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<PlanMask> _masks = new List<PlanMask>();
        private readonly Dictionary<string, int> _maskKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<PlanNode> _nodes = new List<PlanNode>();
        private readonly Dictionary<string, int> _consumers = new Dictionary<string, int>(StringComparer.Ordinal);
        private ShapeInference _shapes = null!;
        private UnsupportedReason? _unsupported;

        private ConvAdPlanBuilder(OnnxModel model, PlanOptions options)
        {
            _model = model;
            _options = options;
        }

        /// <summary>Builds the plan. Never throws for a model it cannot handle: the plan says why instead.</summary>
        public static ConvAdPlan Build(OnnxModel model, PlanOptions? options = null) => new ConvAdPlanBuilder(model, options ?? PlanOptions.Default).Build();

        private ConvAdPlan Build()
        {
            IReadOnlyList<OnnxNode> order;
            ModelInput? input = null;
            try
            {
                order = GraphOrder.Topological(_model.Graph);
                _shapes = ShapeInference.Run(_model, order);
                input = FindImageInput();
                if (_unsupported == null && input != null)
                {
                    CountConsumers(order);
                    _spatial[input.Name] = new SpatialState(input.Layout, AddMask(MaskOrigin.Input, input.Height, input.Width, Array.Empty<int>(), null, input.Name));
                    _dataDependent.Add(input.Name);
                    foreach (OnnxNode node in order)
                    {
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
                failed ? Array.Empty<PlanMask>() : _masks.ToArray(), _unsupported, AnalyseBatch(order), outputShape, order, _shapes);
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
            SpatialLayout layout;
            if (Channels(d[1]) && d[2] > 0 && d[3] > 0)
            {
                layout = SpatialLayout.Nchw;
            }
            else if (Channels(d[3]) && d[1] > 0 && d[2] > 0)
            {
                layout = SpatialLayout.Nhwc;
            }
            else
            {
                Fail("", "", $"input '{v.Name}' [{string.Join(",", v.Shape.Select(x => x.ToString()))}] is not an image with a fixed size: expected N×C×H×W or N×H×W×C with C in {{1,3,4}} and fixed H and W");
                return null;
            }

            long[] shape = d.Select(x => x ?? -1).ToArray();
            return new ModelInput(v.Name, v.ElementType, shape, layout);
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

        private int AddMask(MaskOrigin origin, long height, long width, int[] sources, PoolGeometry? geometry, string createdBy)
        {
            string key = $"{origin}|{string.Join(",", sources)}|{geometry}|{height}x{width}";
            if (_maskKeys.TryGetValue(key, out int existing))
            {
                return existing;
            }

            int id = _masks.Count;
            _masks.Add(new PlanMask(id, origin, checked((int)height), checked((int)width), sources, geometry, createdBy));
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

            var spatialInputs = node.Inputs.Select((name, i) => (name, i)).Where(x => x.name.Length > 0 && _spatial.ContainsKey(x.name)).ToList();
            if (spatialInputs.Count == 0)
            {
                Record(node, NodeRole.NonSpatial, null, null, null);
                return;
            }

            if (node.Domain.Length != 0)
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

            if (OpCatalog.Merging.Contains(op) || op == "Concat")
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
                    VisitPool(node, first);
                    return;
                case "GlobalAveragePool":
                case "GlobalMaxPool":
                    RequireNchw(node, first);
                    VisitAggregate(node, first, op == "GlobalMaxPool" ? "max" : "mean");
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
                    VisitChannelNormalisation(node, spatialInputs, first);
                    return;
                case "MatMul":
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

        private void VisitMerge(OnnxNode node, List<(string name, int index)> spatialInputs)
        {
            string op = node.OpType;
            SpatialState first = _spatial[spatialInputs[0].name];
            long[] firstDims = Dims(spatialInputs[0].name);
            foreach (var (name, index) in spatialInputs.Skip(1))
            {
                SpatialState s = _spatial[name];
                long[] d = Dims(name);
                if (!s.Layout.Equals(first.Layout) || d[s.Layout.HeightAxis] != firstDims[first.Layout.HeightAxis] || d[s.Layout.WidthAxis] != firstDims[first.Layout.WidthAxis])
                {
                    Fail(node, $"branches on different grids or layouts meet ({first.Layout} {TensorShape.Format(firstDims)} and {s.Layout} {TensorShape.Format(d)})");
                    return;
                }
            }

            if (op == "Concat")
            {
                int axis = ShapeInference.NormaliseAxis(node.Int("axis", 0), first.Layout.Rank);
                if (first.Layout.IsSpatialAxis(axis) || axis == first.Layout.BatchAxis)
                {
                    Fail(node, "concatenates along a spatial or the batch axis");
                    return;
                }

                if (spatialInputs.Count != node.Inputs.Count(i => i.Length > 0))
                {
                    Fail(node, "concatenates a spatial tensor with a non-spatial one");
                    return;
                }
            }
            else
            {
                // A non-spatial operand must not have the extent of the map (that would be a per-position constant).
                foreach (string other in node.Inputs.Where(i => i.Length > 0 && !_spatial.ContainsKey(i)))
                {
                    long[]? d = _shapes.ShapeOf(other)?.Dims;
                    if (d == null)
                    {
                        Fail(node, $"cannot infer the shape of operand '{other}'");
                        return;
                    }
                }
            }

            int[] masks = spatialInputs.Select(x => _spatial[x.name].Mask).Distinct().OrderBy(m => m).ToArray();
            var checkpoints = new List<PlanCheckpoint>();
            int outMask = masks[0];
            if (masks.Length > 1)
            {
                if (_options.Combination == MaskCombination.Union)
                {
                    if (!OpCatalog.ZeroNeutralMerges.Contains(op))
                    {
                        Fail(node, "the union combination is defined for Add, Sub, Sum and Concat only");
                        return;
                    }

                    foreach (var (name, index) in spatialInputs)
                    {
                        checkpoints.Add(new PlanCheckpoint(node.Name, index, name, _spatial[name].Mask, Neutral.Zero, _spatial[name].Layout));
                    }
                }

                outMask = AddMask(MaskOrigin.Combined, _masks[masks[0]].Height, _masks[masks[0]].Width, masks, null, node.Name);
            }

            var state = new SpatialState(first.Layout, outMask);
            Propagate(node, state);
            Record(node, NodeRole.BranchMerge, first.Mask, outMask, first.Layout, checkpoints);
        }

        private void VisitConv(OnnxNode node, List<(string name, int index)> spatialInputs)
        {
            int weightIndex = node.OpType == "QLinearConv" ? 3 : 1;
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            SpatialState state = _spatial[node.Input(0)];
            RequireNchw(node, state);
            long[] x = Dims(node.Input(0));
            long[] w = Dims(node.Input(weightIndex));
            if (w.Length != 4)
            {
                Fail(node, "only 2-D convolutions are supported");
                return;
            }

            PoolGeometry g = PoolGeometry.FromNode(node, node.Ints("kernel_shape") ?? new[] { w[2], w[3] }, x[2], x[3]);
            if (g.IsPointwise)
            {
                Propagate(node, state);
                Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
                return;
            }

            long[] y = Dims(node.Outputs[0]);
            int outMask = AddMask(MaskOrigin.Propagated, y[2], y[3], new[] { state.Mask }, g, node.Name);
            Propagate(node, new SpatialState(state.Layout, outMask));
            var checkpoint = new PlanCheckpoint(node.Name, 0, node.Input(0), state.Mask, Neutral.Zero, state.Layout);
            Record(node, NodeRole.SpatialMixing, state.Mask, outMask, state.Layout, new[] { checkpoint }, OutputCorrection.None, g);
        }

        private void VisitPool(OnnxNode node, SpatialState state)
        {
            RequireNchw(node, state);
            if (node.Outputs.Count > 1 && node.Outputs[1].Length > 0 && _consumers.ContainsKey(node.Outputs[1]))
            {
                Fail(node, "the MaxPool indices output is used");
                return;
            }

            long[] x = Dims(node.Input(0));
            long[] kernel = node.Ints("kernel_shape") ?? throw new GraphException(node.Name, node.OpType, "kernel_shape is missing");
            PoolGeometry g = PoolGeometry.FromNode(node, kernel, x[2], x[3]);
            if (g.HasDilation && g.CeilMode)
            {
                Fail(node, "pooling with both dilation and ceil_mode is not supported");
                return;
            }

            long[] y = Dims(node.Outputs[0]);
            bool max = node.OpType == "MaxPool";
            int outMask = g.IsPointwise ? state.Mask : AddMask(MaskOrigin.Propagated, y[2], y[3], new[] { state.Mask }, g, node.Name);
            _spatial[node.Outputs[0]] = new SpatialState(state.Layout, outMask);
            if (g.IsPointwise)
            {
                Record(node, NodeRole.Pointwise, state.Mask, outMask, state.Layout);
                return;
            }

            var checkpoint = new PlanCheckpoint(node.Name, 0, node.Input(0), state.Mask, max ? Neutral.Lowest : Neutral.Zero, state.Layout);
            Record(node, NodeRole.SpatialMixing, state.Mask, outMask, state.Layout, new[] { checkpoint },
                max ? OutputCorrection.ResetDeactivated : OutputCorrection.MaskedWindowAverage, g);
        }

        private void VisitAggregate(OnnxNode node, SpatialState state, string kind)
        {
            foreach (string o in node.Outputs)
            {
                _spatial.Remove(o);
            }

            var checkpoint = new PlanCheckpoint(node.Name, 0, node.Input(0), state.Mask, kind == "max" ? Neutral.Lowest : Neutral.Zero, state.Layout);
            OutputCorrection correction = kind == "max" ? OutputCorrection.EmptyIsZero : kind == "mean" ? OutputCorrection.MaskedGlobalMean : OutputCorrection.None;
            Record(node, NodeRole.GlobalAggregate, state.Mask, null, null, new[] { checkpoint }, correction);
        }

        private void VisitReduce(OnnxNode node, SpatialState state)
        {
            long[] x = Dims(node.Input(0));
            long[]? axes = _shapes.ReduceAxes(node, x.Length);
            if (axes == null)
            {
                Fail(node, "the reduced axes are not static");
                return;
            }

            bool h = axes.Contains(state.Layout.HeightAxis);
            bool w = axes.Contains(state.Layout.WidthAxis);
            if (axes.Contains(state.Layout.BatchAxis))
            {
                Fail(node, "reduces over the batch axis");
                return;
            }

            if (h && w)
            {
                if (axes.Length != 2 && node.OpType != "ReduceMax")
                {
                    Fail(node, "reduces over space and channels at once");
                    return;
                }

                if (state.Layout.BatchAxis != 0)
                {
                    Fail(node, "aggregates a tensor whose batch axis is not the first");
                    return;
                }

                VisitAggregate(node, state, node.OpType == "ReduceMax" ? "max" : node.OpType == "ReduceMean" ? "mean" : "sum");
                return;
            }

            if (h || w)
            {
                Fail(node, "reduces over one spatial axis only");
                return;
            }

            // A reduction over channels only is position by position.
            SpatialLayout layout = node.Int("keepdims", 1) != 0 ? state.Layout : RemoveAxes(state.Layout, axes);
            _spatial[node.Outputs[0]] = new SpatialState(layout, state.Mask);
            Record(node, NodeRole.Pointwise, state.Mask, state.Mask, layout);
        }

        private static SpatialLayout RemoveAxes(SpatialLayout layout, long[] removed)
        {
            int Shift(int axis) => axis - removed.Count(r => r < axis);
            return new SpatialLayout(layout.Rank - removed.Length, Shift(layout.BatchAxis), Shift(layout.HeightAxis), Shift(layout.WidthAxis));
        }

        private void VisitTranspose(OnnxNode node, SpatialState state)
        {
            long[] perm = node.Ints("perm") ?? Enumerable.Range(0, state.Layout.Rank).Reverse().Select(i => (long)i).ToArray();
            int NewAxis(int old) => Array.IndexOf(perm, (long)old);
            var layout = new SpatialLayout(state.Layout.Rank, NewAxis(state.Layout.BatchAxis), NewAxis(state.Layout.HeightAxis), NewAxis(state.Layout.WidthAxis));
            _spatial[node.Outputs[0]] = new SpatialState(layout, state.Mask);
            Record(node, NodeRole.Layout, state.Mask, state.Mask, layout);
        }

        private void VisitChannelSlice(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            long[] axes;
            if (node.OpType == "Split")
            {
                axes = new long[] { ShapeInference.NormaliseAxis(node.Int("axis", 0), state.Layout.Rank) };
            }
            else
            {
                long[]? a = node.Inputs.Count > 1 ? (node.Inputs.Count > 3 && node.Input(3).Length > 0 ? _shapes.ConstantOf(node.Input(3)) : null) : node.Ints("axes");
                long[]? starts = node.Inputs.Count > 1 ? _shapes.ConstantOf(node.Input(1)) : node.Ints("starts");
                if (starts == null || (a == null && node.Inputs.Count > 3 && node.Input(3).Length > 0))
                {
                    Fail(node, "slice bounds are not static");
                    return;
                }

                axes = (a ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray()).Select(x => (long)ShapeInference.NormaliseAxis(x, state.Layout.Rank)).ToArray();
            }

            if (axes.Any(a => state.Layout.IsSpatialAxis((int)a) || a == state.Layout.BatchAxis))
            {
                Fail(node, "slices along a spatial or the batch axis");
                return;
            }

            Propagate(node, state);
            Record(node, NodeRole.Layout, state.Mask, state.Mask, state.Layout);
        }

        private void VisitChannelNormalisation(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            int rank = state.Layout.Rank;
            bool layerNorm = node.OpType == "LayerNormalization";
            long defaultAxis = layerNorm || _model.DefaultOpset >= 13 ? -1 : 1;
            int axis = ShapeInference.NormaliseAxis(node.Int("axis", defaultAxis), rank);
            // LayerNorm and pre-13 softmax cover every axis from 'axis' on; softmax 13+ covers only 'axis'.
            bool coversTail = layerNorm || _model.DefaultOpset < 13;
            IEnumerable<int> covered = coversTail ? Enumerable.Range(axis, rank - axis) : new[] { axis };
            if (covered.Any(a => state.Layout.IsSpatialAxis(a) || a == state.Layout.BatchAxis))
            {
                Fail(node, $"normalises over a spatial axis (axis {axis} of a {state.Layout} tensor)");
                return;
            }

            Propagate(node, state);
            Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
        }

        private void VisitMatMul(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            long[] b = Dims(node.Input(1));
            if (spatialInputs.Any(x => x.index != 0) || b.Length != 2 || state.Layout.IsSpatialAxis(state.Layout.Rank - 1))
            {
                Fail(node, "a matrix product over a spatial axis mixes positions");
                return;
            }

            // [.., H, W, C] × [C, K]: each position is transformed on its own.
            _spatial[node.Outputs[0]] = state;
            Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
        }

        private void VisitPad(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            long[]? pads = node.Ints("pads") ?? _shapes.ConstantOf(node.Input(1));
            long[]? axes = node.Inputs.Count > 3 && node.Input(3).Length > 0 ? _shapes.ConstantOf(node.Input(3)) : null;
            if (pads == null || (node.Inputs.Count > 3 && node.Input(3).Length > 0 && axes == null))
            {
                Fail(node, "the padding is not static");
                return;
            }

            int rank = state.Layout.Rank;
            long[] padded = (axes ?? Enumerable.Range(0, rank).Select(i => (long)i).ToArray()).Select(a => (long)ShapeInference.NormaliseAxis(a, rank)).ToArray();
            int half = pads.Length / 2;
            for (int k = 0; k < half && k < padded.Length; k++)
            {
                int axis = (int)padded[k];
                if ((state.Layout.IsSpatialAxis(axis) || axis == state.Layout.BatchAxis) && (pads[k] != 0 || pads[k + half] != 0))
                {
                    Fail(node, "explicit padding of a spatial map is not supported yet (padding inside Conv and pooling is)");
                    return;
                }
            }

            // Padding channels only adds constant channels; each position is still read on its own.
            Propagate(node, state);
            Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
        }

        private void VisitReshape(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            long[] x = Dims(node.Input(0));
            long[] y = Dims(node.Outputs[0]);
            SpatialLayout? layout = ReshapeLayout.Follow(x, state.Layout, y);
            if (layout != null)
            {
                _spatial[node.Outputs[0]] = new SpatialState(layout, state.Mask);
                Record(node, NodeRole.Layout, state.Mask, state.Mask, layout);
                return;
            }

            // Space is folded into features: deactivated positions must be 0 before they become features.
            var checkpoint = new PlanCheckpoint(node.Name, 0, node.Input(0), state.Mask, Neutral.Zero, state.Layout);
            Record(node, NodeRole.FoldsSpace, state.Mask, null, null, new[] { checkpoint });
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

        private BatchSupport AnalyseBatch(IReadOnlyList<OnnxNode> order)
        {
            var fixes = new Dictionary<string, long[]>(StringComparer.Ordinal);
            if (_shapes == null)
            {
                return new BatchSupport(false, "the graph could not be analysed", fixes);
            }

            var literal = new HashSet<string>(_model.Graph.Initializers.Keys, StringComparer.Ordinal);
            foreach (OnnxNode n in order)
            {
                if (n.OpType == "Constant")
                {
                    literal.Add(n.Outputs[0]);
                }
            }

            foreach (OnnxNode n in order)
            {
                if (n.OpType != "Reshape" || !_dataDependent.Contains(n.Input(0)) || !literal.Contains(n.Input(1)))
                {
                    continue;
                }

                long[]? target = _shapes.ConstantOf(n.Input(1));
                long[]? x = _shapes.ShapeOf(n.Input(0))?.Dims;
                if (target == null || x == null || x.Length == 0 || target.Length == 0 || x[0] != 1)
                {
                    continue;
                }

                bool allowZero = n.Int("allowzero", 0) != 0;
                long perSample = x.Skip(1).Aggregate(1L, (a, d) => a * d);
                if (target[0] == 0 && !allowZero)
                {
                    continue;
                }

                if (target[0] == -1 && target.Skip(1).All(d => d > 0) && target.Skip(1).Aggregate(1L, (a, d) => a * d) == perSample)
                {
                    continue;
                }

                if (target[0] == 1 && !allowZero && !target.Skip(1).Contains(0))
                {
                    long[] fixedTarget = (long[])target.Clone();
                    fixedTarget[0] = 0;
                    fixes[n.Name] = fixedTarget;
                    continue;
                }

                return new BatchSupport(false, $"Reshape '{n.Name}' hard-codes the target shape {TensorShape.Format(target)}, which fixes the batch size", new Dictionary<string, long[]>());
            }

            foreach (OnnxNode n in order)
            {
                if ((n.OpType == "Transpose" && _dataDependent.Contains(n.Input(0)) && (n.Ints("perm")?[0] ?? 0) != 0) ||
                    (n.OpType == "Flatten" && _dataDependent.Contains(n.Input(0)) && n.Int("axis", 1) == 0))
                {
                    return new BatchSupport(false, $"node '{n.Name}' ({n.OpType}) moves the batch axis", new Dictionary<string, long[]>());
                }
            }

            return new BatchSupport(true, null, fixes);
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
