using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;

namespace ConvAD.Engine
{
    /// <summary>
    /// Realises a <see cref="ConvAdPlan"/> as an ONNX graph that ONNX Runtime executes: a mask input is
    /// added, masks are propagated with 1-channel pooling, and deactivation happens only at the plan's
    /// checkpoints. The same rewriter, without ConvAD, produces the plain model with a symbolic batch,
    /// which is the baseline the benchmarks compare against.
    /// </summary>
    internal sealed partial class GraphRewriter
    {
        public const string MaskInputName = "convad_mask";
        private const string BatchParam = "N";

        private readonly byte[] _source;
        private readonly OnnxModel _model;
        private readonly ConvAdPlan _plan;
        private readonly bool _convAd;
        private readonly bool _widen;

        /// <summary>
        /// The caller zeroes occluded pixels in the image before each call (<see cref="ConvAdModel"/> does), so a zero-neutral
        /// checkpoint on the image input itself needs no multiply. False for a graph that is exported to run elsewhere.
        /// </summary>
        private readonly bool _imageZeroedByCaller;
        private readonly ShapeInference _shapes;
        private readonly Dictionary<string, OnnxNode> _producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _maskTensors = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _deactivated = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, (int MaskId, string Tensor)> _fusedAtActivation = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        private readonly HashSet<string> _deactivatedAtProducer = new HashSet<string>(StringComparer.Ordinal);
        private readonly ProtoWriter _nodes = new ProtoWriter();
        private readonly OnnxEmitter _emit;

        /// <summary>Whether checkpoints may move to a ReLU before bias-free pointwise ops (off only to compare with the multiply in tests).</summary>
        private readonly bool _reluBiasThroughPointwise;

        private GraphRewriter(byte[] source, OnnxModel model, ConvAdPlan plan, bool convAd, bool widen, bool imageZeroedByCaller = false, bool reluBiasThroughPointwise = true)
        {
            _imageZeroedByCaller = imageZeroedByCaller;
            _reluBiasThroughPointwise = reluBiasThroughPointwise;
            _source = source;
            _model = model;
            _plan = plan;
            _convAd = convAd;
            _widen = widen;
            _shapes = plan.Shapes ?? throw new InvalidOperationException("the plan has no shapes");
            _emit = new OnnxEmitter(_nodes, model.DefaultOpset);
            foreach (OnnxNode n in plan.Order)
            {
                foreach (string o in n.Outputs)
                {
                    _producers[o] = n;
                }
            }

            if (convAd)
            {
                FindActivationCheckpoints();
            }
        }

        /// <summary>The ConvAD model: image input, mask input, same outputs.</summary>
        /// <param name="source">The original model file's bytes.</param>
        /// <param name="model">The original model, as read from <paramref name="source"/>.</param>
        /// <param name="plan">The model's ConvAD plan: the masks and checkpoints to add.</param>
        /// <param name="widen">Run fp16 tensors as fp32 (see <see cref="Float16Widening"/>).</param>
        /// <param name="imageZeroedByCaller">
        /// Whoever runs the graph zeroes occluded pixels first (<see cref="ConvAdModel"/>'s own session): the image input's
        /// checkpoint is then left out. A graph exported to run elsewhere keeps it, so it never leaks on its own.
        /// </param>
        /// <param name="reluBiasThroughPointwise">Move checkpoints behind bias-free pointwise ops to their ReLU (GraphRewriter.ReluBiasThroughPointwise.cs); false only to compare with the multiply.</param>
        public static byte[] ConvAd(byte[] source, OnnxModel model, ConvAdPlan plan, bool widen, bool imageZeroedByCaller = false, bool reluBiasThroughPointwise = true)
        {
            if (!plan.IsSupported)
            {
                throw new UnsupportedModelException(plan.Unsupported!);
            }

            return new GraphRewriter(source, model, plan, convAd: true, widen, imageZeroedByCaller, reluBiasThroughPointwise).Write();
        }

        /// <summary>The original model, only with the batch dimension made symbolic where the plan allows.</summary>
        public static byte[] Plain(byte[] source, OnnxModel model, ConvAdPlan plan, bool widen) =>
            new GraphRewriter(source, model, plan, convAd: false, widen).Write();

        private byte[] Write()
        {
            var planByName = _plan.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
            foreach (OnnxNode node in _plan.Order)
            {
                planByName.TryGetValue(node.Name, out PlanNode? p);
                WriteNode(node, p);
            }

            // The graph holds the weights: its buffer starts at the size it will have (more when fp16 weights are widened),
            // and the model around it is sized exactly, so that the model's buffer is the result and nothing is copied twice.
            var graph = new ProtoWriter(GraphCapacity());
            WriteGraph(graph);
            long size = 0;
            foreach (ProtoField f in ProtoFields.Scan(_source, 0, _source.Length))
            {
                size += f.Number == OnnxProto.Model.Graph ? ProtoWriter.FieldSize(OnnxProto.Model.Graph, graph.Length) : f.End - f.Start;
            }

            var model = new ProtoWriter(checked((int)size));
            foreach (ProtoField f in ProtoFields.Scan(_source, 0, _source.Length))
            {
                if (f.Number == OnnxProto.Model.Graph)
                {
                    model.Bytes(OnnxProto.Model.Graph, graph.Written);
                }
                else
                {
                    model.Verbatim(_source.AsSpan((int)f.Start, (int)(f.End - f.Start)));
                }
            }

            return model.ToArray();
        }

        /// <summary>
        /// What the rewritten graph is expected to take: the original graph, twice its fp16 weights when they are widened to
        /// fp32, and room for the nodes and small initializers the rewrite adds. Only a starting size: the buffer grows past it.
        /// </summary>
        private int GraphCapacity()
        {
            long widened = _widen
                ? _model.Graph.Initializers.Values.Where(t => t.ElementType == TensorElementType.Float16).Sum(t => t.Range.Length)
                : 0;
            long capacity = _model.GraphRange.Length + widened + _model.GraphRange.Length / 16 + (1 << 16);
            return (int)Math.Min(capacity, Array.MaxLength);
        }

        private void WriteGraph(ProtoWriter g)
        {
            ByteRange range = _model.GraphRange;
            var initializerNames = new HashSet<string>(_model.Graph.Initializers.Keys, StringComparer.Ordinal);
            string imageInput = _plan.Input!.Name;
            g.Verbatim(_nodes.ToArray());
            int inputIndex = 0;
            int outputIndex = 0;
            var halfInitializers = _widen
                ? _model.Graph.Initializers.Values.Where(t => t.ElementType == TensorElementType.Float16).ToDictionary(t => t.Range.Offset)
                : new Dictionary<long, OnnxTensor>();
            foreach (ProtoField f in ProtoFields.Scan(_source, range.Offset, range.Length))
            {
                switch (f.Number)
                {
                    case OnnxProto.Graph.Node: // written above
                    case OnnxProto.Graph.ValueInfo: // value_info: declared shapes fix the batch at 1; ONNX Runtime re-infers them
                        break;
                    case OnnxProto.Graph.Input:
                    case OnnxProto.Graph.Output:
                        // The reader lists inputs and outputs in file order, so the n-th field is the n-th entry.
                        OnnxValueInfo v = f.Number == OnnxProto.Graph.Input ? _model.Graph.Inputs[inputIndex++] : _model.Graph.Outputs[outputIndex++];
                        if (f.Number == OnnxProto.Graph.Input && initializerNames.Contains(v.Name))
                        {
                            // Old IR versions list initializers as inputs too; their type follows the initializer's.
                            g.Message(OnnxProto.Graph.Input, w => WriteValueInfo(w, v.Name, ElementType(v.ElementType), v.Shape ?? Array.Empty<Dim>()));
                            break;
                        }

                        Dim[] dims = f.Number == OnnxProto.Graph.Input && v.Name == imageInput ? ImageInputDims(v) : BatchDims(v);
                        g.Message(f.Number, w => WriteValueInfo(w, v.Name, ElementType(v.ElementType), dims));
                        if (f.Number == OnnxProto.Graph.Input && v.Name == imageInput && _convAd)
                        {
                            ModelInput input = _plan.Input!;
                            var maskDims = new Dim[] { BatchDims(v)[input.Layout.BatchAxis], new Dim(1, null), new Dim(input.Height, null), new Dim(input.Width, null) };
                            g.Message(OnnxProto.Graph.Input, w => WriteValueInfo(w, MaskInputName, TensorElementType.Float, maskDims));
                        }

                        break;
                    case OnnxProto.Graph.Initializer when halfInitializers.TryGetValue(f.PayloadStart, out OnnxTensor? half):
                        g.Bytes(OnnxProto.Graph.Initializer, Float16Widening.WidenInitializer(_source, half));
                        break;
                    default:
                        g.Verbatim(_source.AsSpan((int)f.Start, (int)(f.End - f.Start)));
                        break;
                }
            }

            foreach (byte[] init in _emit.Initializers)
            {
                g.Bytes(OnnxProto.Graph.Initializer, init);
            }

            WriteSpatialShapes(g);
        }

        /// <summary>
        /// Declares the shape of every spatial tensor whose shape was inferred in full: the batch symbolic, channels, height
        /// and width as inferred. ONNX Runtime's own inference loses the shape after a Slice or Reshape whose starts or target
        /// are computed (ShuffleNetV2's channel split and shuffle), and an element-wise op on a tensor of unknown shape stays
        /// out of the fusions of its blocked layout.
        /// </summary>
        private void WriteSpatialShapes(ProtoWriter g)
        {
            if (!_plan.Batch.CanBatch)
            {
                return; // the file's batch stays, and ONNX Runtime infers every shape from it
            }

            var declared = new HashSet<string>(_model.Graph.Inputs.Select(i => i.Name).Concat(_model.Graph.Outputs.Select(o => o.Name)), StringComparer.Ordinal);
            var spatial = new HashSet<string>(_plan.Nodes.Where(p => p.OutputMask != null).Select(p => p.Name), StringComparer.Ordinal);
            foreach (OnnxNode node in _plan.Order.Where(n => spatial.Contains(n.Name)))
            {
                foreach (string t in node.Outputs)
                {
                    // The shapes were inferred at the file's batch of 1; only a 4-D tensor of known size with that batch first.
                    if (t.Length == 0 || !declared.Add(t) || _shapes.ShapeOf(t)?.Dims is not { Length: 4 } d || d[0] != 1 || d.Any(x => x <= 0))
                    {
                        continue;
                    }

                    var dims = new[] { new Dim(null, BatchParam), new Dim(d[1], null), new Dim(d[2], null), new Dim(d[3], null) };
                    g.Message(OnnxProto.Graph.ValueInfo, w => WriteValueInfo(w, t, TypeOf(t), dims));
                }
            }
        }

        /// <summary>
        /// The image input's dimensions: a symbolic height and width are written as the size the plan was built for, so ONNX
        /// Runtime runs (and optimises) the graph at that size and refuses any other instead of computing with a mask that does not fit.
        /// </summary>
        private Dim[] ImageInputDims(OnnxValueInfo v)
        {
            Dim[] dims = BatchDims(v);
            ModelInput input = _plan.Input!;
            if (input.SymbolicSize == null || dims.Length != input.Shape.Length)
            {
                return dims;
            }

            var result = (Dim[])dims.Clone();
            result[input.Layout.HeightAxis] = new Dim(input.Height, null);
            result[input.Layout.WidthAxis] = new Dim(input.Width, null);
            return result;
        }

        private Dim[] BatchDims(OnnxValueInfo v)
        {
            Dim[] dims = v.Shape ?? Array.Empty<Dim>();
            if (!_plan.Batch.CanBatch || dims.Length == 0)
            {
                return dims;
            }

            var result = (Dim[])dims.Clone();
            result[0] = new Dim(null, BatchParam);
            return result;
        }

        private static void WriteValueInfo(ProtoWriter w, string name, TensorElementType type, Dim[] dims)
        {
            w.String(OnnxProto.ValueInfo.Name, name);
            w.Message(OnnxProto.ValueInfo.Type, t => t.Message(OnnxProto.Type.TensorType, tt =>
            {
                tt.Varint(OnnxProto.TensorType.ElementType, (long)type);
                tt.Message(OnnxProto.TensorType.Shape, s =>
                {
                    foreach (Dim d in dims)
                    {
                        s.Message(OnnxProto.TensorShape.Dim, dm =>
                        {
                            if (d.Value is long value)
                            {
                                dm.Varint(OnnxProto.Dimension.DimValue, value);
                            }
                            else if (d.Param != null)
                            {
                                dm.String(OnnxProto.Dimension.DimParam, d.Param);
                            }
                        });
                    }
                });
            }));
        }

        private void WriteNode(OnnxNode node, PlanNode? plan)
        {
            var inputs = node.Inputs.ToArray();
            var outputs = node.Outputs.ToArray();
            bool changed = node.Renamed; // inlined from an If's branch: its bytes in the file carry the branch's names

            if (_plan.Batch.CanBatch && _plan.Batch.ReshapeFixes.TryGetValue(node.Name, out long[]? target))
            {
                inputs[1] = _emit.Int64Tensor(target);
                changed = true;
            }

            Attr[]? attributes = null;
            if (_widen && node.OpType == "Cast" && node.Int("to", 0) == (long)TensorElementType.Float16)
            {
                attributes = node.Attributes.ContainsKey("saturate")
                    ? new[] { new Attr("to", Int: (long)TensorElementType.Float), new Attr("saturate", Int: node.Int("saturate", 1)) }
                    : new[] { new Attr("to", Int: (long)TensorElementType.Float) };
                changed = true;
            }

            string? rawOutput = null;
            if (_convAd && plan != null && (TryMaskedMeanAsProduct(node, plan) || TryWriteEarlyDeactivated(node)))
            {
                return;
            }

            if (_convAd && plan != null)
            {
                foreach (PlanCheckpoint c in plan.Checkpoints)
                {
                    inputs[c.InputIndex] = Checkpoint(c, node);
                    changed = true;
                }

                if (_fusedAtActivation.TryGetValue(node.Name, out var fused))
                {
                    inputs[0] = _emit.Node("Add", new[] { inputs[0], DeactivationBias(fused.MaskId, TypeOf(fused.Tensor), Channels(fused.Tensor)) }, "deactivating");

                    changed = true;
                }

                if (plan.Correction != OutputCorrection.None && !(plan.Correction == OutputCorrection.ResetDeactivated && NeedsNoReset(plan)))
                {
                    rawOutput = _emit.NewName("raw");
                    outputs[0] = rawOutput;
                    changed = true;
                }
            }

            if (!changed)
            {
                _nodes.Verbatim(Encoded(OnnxProto.Graph.Node, node.Range));
            }
            else
            {
                _nodes.Message(OnnxProto.Graph.Node, n =>
                {
                    foreach (string i in inputs)
                    {
                        n.String(OnnxProto.Node.Input, i);
                    }

                    foreach (string o in outputs)
                    {
                        n.String(OnnxProto.Node.Output, o);
                    }

                    n.String(OnnxProto.Node.Name, node.Name);
                    n.String(OnnxProto.Node.OpType, node.OpType);
                    if (node.Domain.Length > 0)
                    {
                        n.String(OnnxProto.Node.Domain, node.Domain);
                    }

                    if (attributes != null)
                    {
                        foreach (Attr a in attributes)
                        {
                            n.Message(OnnxProto.Node.Attribute, a.Write);
                        }
                    }
                    else
                    {
                        foreach (ByteRange a in node.AttributeRanges)
                        {
                            n.Bytes(OnnxProto.Node.Attribute, _source.AsSpan((int)a.Offset, (int)a.Length));
                        }
                    }
                });
            }

            if (rawOutput != null)
            {
                Correct(node, plan!, rawOutput, node.Outputs[0]);
            }
        }

        private byte[] Encoded(int field, ByteRange payload)
        {
            var w = new ProtoWriter();
            w.Bytes(field, _source.AsSpan((int)payload.Offset, (int)payload.Length));
            return w.ToArray();
        }

        private TensorElementType TypeOf(string tensor) => ElementType(_shapes.ShapeOf(tensor)?.ElementType ?? TensorElementType.Undefined);

        /// <summary>The element type a tensor has in the rewritten graph.</summary>
        private TensorElementType ElementType(TensorElementType declared) => _widen ? Float16Widening.Widen(declared) : declared;

    }
}
