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
    internal sealed class GraphRewriter
    {
        public const string MaskInputName = "convad_mask";
        private const string BatchParam = "N";

        private readonly byte[] _source;
        private readonly OnnxModel _model;
        private readonly ConvAdPlan _plan;
        private readonly bool _convAd;
        private readonly ShapeInference _shapes;
        private readonly Dictionary<string, OnnxNode> _producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _maskTensors = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _deactivated = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, PlanCheckpoint> _fusedAtActivation = new Dictionary<string, PlanCheckpoint>(StringComparer.Ordinal);
        private readonly HashSet<string> _deactivatedAtProducer = new HashSet<string>(StringComparer.Ordinal);
        private readonly ProtoWriter _nodes = new ProtoWriter();
        private readonly OnnxEmitter _emit;

        private GraphRewriter(byte[] source, OnnxModel model, ConvAdPlan plan, bool convAd)
        {
            _source = source;
            _model = model;
            _plan = plan;
            _convAd = convAd;
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

        /// <summary>
        /// A checkpoint on the output of a ReLU is realised inside the
        /// activation: Relu(v + z) with z = 0 where present and −B where not. ONNX Runtime fuses the
        /// add into the preceding convolution, so the checkpoint costs almost nothing, and the output
        /// is exactly 0 at deactivated positions for every v below B. Being non-negative, such a tensor
        /// needs no −∞ for max-pooling either: 0 never beats a present value.
        /// </summary>
        private void FindActivationCheckpoints()
        {
            foreach (PlanCheckpoint c in _plan.Checkpoints)
            {
                if (!c.Layout.IsNchw || !_producers.TryGetValue(c.Tensor, out OnnxNode? p) || p.Domain.Length != 0 ||
                    !TypeOf(c.Tensor).IsFloatingPoint() || TypeOf(c.Tensor) == TensorElementType.BFloat16 || !ClampsAtZero(p))
                {
                    continue;
                }

                _fusedAtActivation[p.Name] = c;
                _deactivatedAtProducer.Add(c.Tensor);
            }
        }

        /// <summary>
        /// Only ReLU: Clip(0, 6) would also clamp the bias to 0, but ONNX Runtime does not fuse a Clip
        /// after a convolution that already absorbed an add, so the multiply is cheaper there.
        /// </summary>
        private static bool ClampsAtZero(OnnxNode p) => p.OpType == "Relu";

        /// <summary>The ConvAD model: image input, mask input, same outputs.</summary>
        public static byte[] ConvAd(byte[] source, OnnxModel model, ConvAdPlan plan)
        {
            if (!plan.IsSupported)
            {
                throw new UnsupportedModelException(plan.Unsupported!);
            }

            return new GraphRewriter(source, model, plan, convAd: true).Write();
        }

        /// <summary>The original model, only with the batch dimension made symbolic where the plan allows.</summary>
        public static byte[] Plain(byte[] source, OnnxModel model, ConvAdPlan plan) => new GraphRewriter(source, model, plan, convAd: false).Write();

        private byte[] Write()
        {
            var planByName = _plan.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
            foreach (OnnxNode node in _plan.Order)
            {
                planByName.TryGetValue(node.Name, out PlanNode? p);
                WriteNode(node, p);
            }

            var model = new ProtoWriter();
            foreach (ProtoField f in ProtoFields.Scan(_source, 0, _source.Length))
            {
                if (f.Number == 7)
                {
                    model.Message(7, WriteGraph);
                }
                else
                {
                    model.Verbatim(_source.AsSpan((int)f.Start, (int)(f.End - f.Start)));
                }
            }

            return model.ToArray();
        }

        private void WriteGraph(ProtoWriter g)
        {
            ByteRange range = _model.GraphRange;
            var initializerNames = new HashSet<string>(_model.Graph.Initializers.Keys, StringComparer.Ordinal);
            string imageInput = _plan.Input!.Name;
            g.Verbatim(_nodes.ToArray());
            int inputIndex = 0;
            int outputIndex = 0;
            foreach (ProtoField f in ProtoFields.Scan(_source, range.Offset, range.Length))
            {
                switch (f.Number)
                {
                    case 1: // nodes: written above
                    case 13: // value_info: declared shapes fix the batch at 1; ONNX Runtime re-infers them
                        break;
                    case 11:
                    case 12:
                        // The reader lists inputs and outputs in file order, so the n-th field is the n-th entry.
                        OnnxValueInfo v = f.Number == 11 ? _model.Graph.Inputs[inputIndex++] : _model.Graph.Outputs[outputIndex++];
                        if (f.Number == 11 && initializerNames.Contains(v.Name))
                        {
                            goto default;
                        }

                        g.Message(f.Number, w => WriteValueInfo(w, v.Name, v.ElementType, BatchDims(v)));
                        if (f.Number == 11 && v.Name == imageInput && _convAd)
                        {
                            ModelInput input = _plan.Input!;
                            var maskDims = new Dim[] { BatchDims(v)[input.Layout.BatchAxis], new Dim(1, null), new Dim(input.Height, null), new Dim(input.Width, null) };
                            g.Message(11, w => WriteValueInfo(w, MaskInputName, TensorElementType.Float, maskDims));
                        }

                        break;
                    default:
                        g.Verbatim(_source.AsSpan((int)f.Start, (int)(f.End - f.Start)));
                        break;
                }
            }

            foreach (byte[] init in _emit.Initializers)
            {
                g.Bytes(5, init);
            }
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
            w.String(1, name);
            w.Message(2, t => t.Message(1, tt =>
            {
                tt.Varint(1, (long)type);
                tt.Message(2, s =>
                {
                    foreach (Dim d in dims)
                    {
                        s.Message(1, dm =>
                        {
                            if (d.Value is long value)
                            {
                                dm.Varint(1, value);
                            }
                            else if (d.Param != null)
                            {
                                dm.String(2, d.Param);
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
            bool changed = false;
            if (_plan.Batch.CanBatch && _plan.Batch.ReshapeFixes.TryGetValue(node.Name, out long[]? target))
            {
                inputs[1] = _emit.Int64Tensor(target);
                changed = true;
            }

            string? rawOutput = null;
            if (_convAd && plan != null && TryMaskedMeanAsProduct(node, plan))
            {
                return;
            }

            if (_convAd && plan != null)
            {
                foreach (PlanCheckpoint c in plan.Checkpoints)
                {
                    inputs[c.InputIndex] = Deactivate(c, node);
                    changed = true;
                }

                if (_fusedAtActivation.TryGetValue(node.Name, out PlanCheckpoint? fused))
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
                _nodes.Verbatim(Encoded(1, node.Range));
            }
            else
            {
                _nodes.Message(1, n =>
                {
                    foreach (string i in inputs)
                    {
                        n.String(1, i);
                    }

                    foreach (string o in outputs)
                    {
                        n.String(2, o);
                    }

                    n.String(3, node.Name);
                    n.String(4, node.OpType);
                    if (node.Domain.Length > 0)
                    {
                        n.String(7, node.Domain);
                    }

                    foreach (ByteRange a in node.AttributeRanges)
                    {
                        n.Bytes(5, _source.AsSpan((int)a.Offset, (int)a.Length));
                    }
                });
            }

            if (rawOutput != null)
            {
                Correct(node, plan!, rawOutput, node.Outputs[0]);
            }
        }

        /// <summary>
        /// A global mean over present positions as one batched matrix-vector product: [N, C, HW] × [N, HW, 1]
        /// with weights m / Σm. It reads the activations once, where multiplying by the mask and then
        /// pooling would read, write and read them again. Used when the tensor is not already zero at
        /// deactivated positions (where the pool itself is cheapest).
        /// </summary>
        private bool TryMaskedMeanAsProduct(OnnxNode node, PlanNode plan)
        {
            if (plan.Correction != OutputCorrection.MaskedGlobalMean || plan.Checkpoints.Count != 1)
            {
                return false;
            }

            PlanCheckpoint c = plan.Checkpoints[0];
            long[]? x = _shapes.ShapeOf(c.Tensor)?.Dims;
            long[]? y = _shapes.ShapeOf(node.Outputs[0])?.Dims;
            if (!c.Layout.IsNchw || x == null || y == null || TypeOf(c.Tensor) != TensorElementType.Float || _emit.Opset < 9 ||
                _deactivatedAtProducer.Contains(c.Tensor) || QuantizedSource(c.Tensor, out _, out _))
            {
                return false;
            }

            PlanMask mask = _plan.Masks[c.MaskId];
            long positions = (long)mask.Height * mask.Width;
            string share = _emit.AtLeast(_emit.Node("GlobalAveragePool", new[] { Mask(c.MaskId) }, "present_share"), 1e-6f);
            string total = _emit.Node("Mul", new[] { share, _emit.FloatConstant(TensorElementType.Float, positions) }, "present_count");
            string weights = _emit.Reshape(_emit.Node("Div", new[] { Mask(c.MaskId), total }, "mean_weights"), new long[] { 0, positions, 1 });
            string flat = _emit.Reshape(c.Tensor, new long[] { 0, x[1], positions });
            string mean = _emit.Node("MatMul", new[] { flat, weights }, "masked_mean");
            long[] shape = y.Select(d => d).ToArray();
            shape[0] = 0;
            _emit.Node("Reshape", new[] { mean, _emit.Int64Tensor(shape) }, new[] { node.Outputs[0] });
            return true;
        }

        private byte[] Encoded(int field, ByteRange payload)
        {
            var w = new ProtoWriter();
            w.Bytes(field, _source.AsSpan((int)payload.Offset, (int)payload.Length));
            return w.ToArray();
        }

        private TensorElementType TypeOf(string tensor) => _shapes.ShapeOf(tensor)?.ElementType ?? TensorElementType.Undefined;

        // ---- masks ----

        /// <summary>The float32 N×1×h×w tensor of a plan mask, emitted on first use.</summary>
        private string Mask(int id)
        {
            string key = "m" + id;
            if (_maskTensors.TryGetValue(key, out string? name))
            {
                return name;
            }

            PlanMask mask = _plan.Masks[id];
            switch (mask.Origin)
            {
                case MaskOrigin.Input:
                    name = MaskInputName;
                    break;
                case MaskOrigin.Propagated:
                    name = PropagatedMask(Mask(mask.Sources[0]), _plan.Masks[mask.Sources[0]], mask.Geometry!);
                    break;
                default:
                    string op = _plan.Options.Combination == MaskCombination.Union ? "Max" : "Mul";
                    name = Mask(mask.Sources[0]);
                    foreach (int s in mask.Sources.Skip(1))
                    {
                        name = _emit.Node(op, new[] { name, Mask(s) }, "combined");
                    }

                    break;
            }

            return _maskTensors[key] = name;
        }

        /// <summary>m_out = [Φ ≥ τ], where Φ is the share of present in-bounds positions each window reads.</summary>
        private string PropagatedMask(string source, PlanMask sourceMask, PoolGeometry g)
        {
            string phi;
            if (!g.HasDilation)
            {
                // Average pooling that excludes padding is exactly Φ.
                phi = _emit.AveragePool(source, g, countIncludePad: false);
            }
            else
            {
                string ones = _emit.FloatConstant(TensorElementType.Float, 1f, new long[] { 1, 1, g.Kernel[0], g.Kernel[1] });
                string grid = _emit.FloatConstant(TensorElementType.Float, 1f, new long[] { 1, 1, sourceMask.Height, sourceMask.Width });
                string present = _emit.Conv(source, ones, g);
                string inBounds = _emit.Conv(grid, ones, g);
                phi = _emit.Node("Div", new[] { present, inBounds }, "phi");
            }

            PropagationThreshold t = _plan.Options.Threshold;
            // Φ takes values k/n with small n; the margin separates τ from the nearest distinct value below it.
            float threshold = t.IsAny ? 0f : (float)(t.Value * (1 - 1e-6));
            string present01 = _emit.Node("Greater", new[] { phi, _emit.FloatConstant(TensorElementType.Float, threshold) }, "present");
            return _emit.Cast(present01, TensorElementType.Float);
        }

        /// <summary>A mask shaped for a tensor of the given layout and element type (cached).</summary>
        private string MaskFor(int id, SpatialLayout layout, TensorElementType type)
        {
            string key = $"m{id}|{layout}|{type}";
            if (_maskTensors.TryGetValue(key, out string? name))
            {
                return name;
            }

            name = Mask(id);
            if (!layout.IsNchw)
            {
                if (layout.BatchAxis != 0 || layout.HeightAxis > layout.WidthAxis)
                {
                    throw new NotSupportedException($"a checkpoint on a {layout} tensor (batch not first or W before H) is not supported yet");
                }

                PlanMask m = _plan.Masks[id];
                long[] shape = Enumerable.Repeat(1L, layout.Rank).ToArray();
                shape[0] = 0; // copy the batch size
                shape[layout.HeightAxis] = m.Height;
                shape[layout.WidthAxis] = m.Width;
                name = _emit.Reshape(name, shape);
            }

            if (type != TensorElementType.Float)
            {
                name = _emit.Cast(name, type);
            }

            return _maskTensors[key] = name;
        }

        // ---- checkpoints ----

        /// <summary>Max-pooling left no lowest values behind: the input was quantized or non-negative with zeros.</summary>
        private bool NeedsNoReset(PlanNode plan) =>
            plan.Checkpoints.Count > 0 && (QuantizedSource(plan.Checkpoints[0].Tensor, out _, out _) || _deactivatedAtProducer.Contains(plan.Checkpoints[0].Tensor));

        private long Channels(string tensor) => _shapes.ShapeOf(tensor)?.Dims is { Length: 4 } d ? d[1] : -1;

        /// <summary>
        /// A per-channel copy of scale·m (or scale·(1 − m) when <paramref name="inverted"/>), made by a
        /// bias-free 1×1 convolution from the mask's single channel. Element-wise ops between same-shaped
        /// tensors stay in ONNX Runtime's blocked (NCHWc) layout, where a broadcast over channels would
        /// force a reorder on each side. A single product term also keeps the result exact when ONNX
        /// Runtime fuses a following Add into this convolution (no large terms that cancel).
        /// </summary>
        private string ExpandedMask(int maskId, long channels, float scale, bool inverted, TensorElementType type)
        {
            string key = $"x|{maskId}|{channels}|{scale}|{inverted}|{type}";
            if (_maskTensors.TryGetValue(key, out string? name))
            {
                return name;
            }

            string m = Mask(maskId);
            if (inverted)
            {
                m = _emit.Node("Sub", new[] { _emit.FloatConstant(TensorElementType.Float, 1f), m }, "inverted");
            }

            if (type != TensorElementType.Float || channels <= 0)
            {
                // No blocked layout for these types: a broadcast over channels is cheapest.
                name = scale == 1f ? m : _emit.Node("Mul", new[] { m, _emit.FloatConstant(TensorElementType.Float, scale) }, "scaled");
                name = CastTo(name, type);
            }
            else
            {
                string weight = _emit.FloatConstant(TensorElementType.Float, scale, new[] { channels, 1, 1, 1 });
                name = _emit.Node("Conv", new[] { m, weight }, "expanded", new Attr("kernel_shape", Ints: new long[] { 1, 1 }));
            }

            return _maskTensors[key] = name;
        }

        /// <summary>
        /// Whether ONNX Runtime will likely keep this tensor in its blocked layout: the outputs of
        /// convolutions, pooling and the activations it fuses into them. Elsewhere (Concat, fused SiLU)
        /// a broadcast multiply by the single-channel mask avoids converting a plain tensor to blocks.
        /// </summary>
        private bool LikelyBlocked(string tensor) =>
            _producers.TryGetValue(tensor, out OnnxNode? p) && p.Domain.Length == 0 &&
            p.OpType is "Conv" or "Relu" or "Clip" or "Add" or "Sum" or "MaxPool" or "AveragePool" or "BatchNormalization";

        /// <summary>0 where present, −B where deactivated (B the largest finite value of the type).</summary>
        private string DeactivationBias(int maskId, TensorElementType type, long channels) =>
            ExpandedMask(maskId, channels, -Lowest(type), inverted: true, type);

        /// <summary>
        /// True when <paramref name="tensor"/> is a DequantizeLinear of a quantized activation: deactivation
        /// then happens in the quantized domain (the zero point), which keeps ONNX Runtime's QDQ fusions intact.
        /// </summary>
        private bool QuantizedSource(string tensor, out OnnxNode? dequantize, out string quantized)
        {
            dequantize = null;
            quantized = "";
            if (!_producers.TryGetValue(tensor, out OnnxNode? p) || p.OpType != "DequantizeLinear" ||
                _model.Graph.Initializers.ContainsKey(p.Input(0)) || !TypeOf(p.Input(0)).IsQuantized())
            {
                return false;
            }

            dequantize = p;
            quantized = p.Input(0);
            return true;
        }

        private string Deactivate(PlanCheckpoint c, OnnxNode consumer)
        {
            string key = $"{c.Tensor}|{c.MaskId}|{c.Neutral}";
            if (_deactivated.TryGetValue(key, out string? done))
            {
                return done;
            }

            string result;
            TensorElementType type = TypeOf(c.Tensor);
            if (QuantizedSource(c.Tensor, out OnnxNode? dq, out string q))
            {
                string masked = DeactivateQuantized(q, dq!.Input(2), c);
                result = _emit.NewName("dequantized");
                var inputs = dq.Inputs.ToArray();
                inputs[0] = masked;
                _nodes.Message(1, n =>
                {
                    foreach (string i in inputs)
                    {
                        n.String(1, i);
                    }

                    n.String(2, result);
                    n.String(3, _emit.NewName("dequantizelinear"));
                    n.String(4, "DequantizeLinear");
                    foreach (ByteRange a in dq.AttributeRanges)
                    {
                        n.Bytes(5, _source.AsSpan((int)a.Offset, (int)a.Length));
                    }
                });
            }
            else if (type.IsQuantized() && consumer.OpType == "QLinearConv")
            {
                result = DeactivateQuantized(c.Tensor, consumer.Input(2), c);
            }
            else if (_deactivatedAtProducer.Contains(c.Tensor))
            {
                result = c.Tensor;
            }
            else if (type.IsFloatingPoint())
            {
                bool nchw = c.Layout.IsNchw && LikelyBlocked(c.Tensor);
                string m = nchw ? ExpandedMask(c.MaskId, Channels(c.Tensor), 1f, inverted: false, type) : MaskFor(c.MaskId, c.Layout, type);
                result = _emit.Node("Mul", new[] { c.Tensor, m }, "deactivated");
                if (c.Neutral == Neutral.Lowest)
                {
                    string low = nchw ? ExpandedMask(c.MaskId, Channels(c.Tensor), -Lowest(type), inverted: true, type) : LowestBias(c.MaskId, c.Layout, type);
                    result = _emit.Node("Add", new[] { result, low }, "deactivated");
                }
            }
            else
            {
                throw new NotSupportedException($"checkpoint before '{consumer.Name}' on a {type.DisplayName()} tensor is not supported");
            }

            return _deactivated[key] = result;
        }

        private string DeactivateQuantized(string quantized, string zeroPoint, PlanCheckpoint c)
        {
            TensorElementType qt = TypeOf(quantized);
            string neutral = c.Neutral == Neutral.Lowest
                ? _emit.IntegerScalar(qt, qt == TensorElementType.UInt8 ? 0 : -128)
                : zeroPoint.Length > 0 ? zeroPoint : _emit.IntegerScalar(qt, 0);
            string present = _emit.Cast(MaskFor(c.MaskId, c.Layout, TensorElementType.Float), TensorElementType.Bool);
            return _emit.Node("Where", new[] { present, quantized, neutral }, "deactivated");
        }

        /// <summary>(m − 1)·L: added to x·m it turns deactivated positions into −L, the max-pooling neutral.</summary>
        private string LowestBias(int maskId, SpatialLayout layout, TensorElementType type)
        {
            string key = $"low|{maskId}|{layout}|{type}";
            if (_maskTensors.TryGetValue(key, out string? name))
            {
                return name;
            }

            string m = MaskFor(maskId, layout, type);
            string minusOne = _emit.Node("Sub", new[] { m, _emit.FloatConstant(type, 1f) }, "m_minus_1");
            name = _emit.Node("Mul", new[] { minusOne, _emit.FloatConstant(type, Lowest(type)) }, "lowest_bias");
            return _maskTensors[key] = name;
        }

        /// <summary>The magnitude of the max-pooling neutral: the largest finite value of the type.</summary>
        private static float Lowest(TensorElementType type) => type == TensorElementType.Float16 ? 65504f : 3.0e38f;

        // ---- output corrections ----

        private void Correct(OnnxNode node, PlanNode plan, string raw, string output)
        {
            TensorElementType type = TypeOf(output);
            PlanCheckpoint c = plan.Checkpoints[0];
            string factor;
            string op = "Mul";
            switch (plan.Correction)
            {
                case OutputCorrection.ResetDeactivated:
                    factor = MaskFor(plan.OutputMask!.Value, plan.OutputLayout!, type);
                    break;
                case OutputCorrection.MaskedWindowAverage:
                    factor = WindowAverageDenominator(c.MaskId, plan.Geometry!, node.Int("count_include_pad", 0) != 0, type);
                    op = "Div";
                    break;
                case OutputCorrection.MaskedGlobalMean:
                    string share = _emit.AtLeast(_emit.Node("GlobalAveragePool", new[] { Mask(c.MaskId) }, "present_share"), 1e-6f);
                    factor = ShapeLikeAggregate(CastTo(share, type), output);
                    op = "Div";
                    break;
                case OutputCorrection.EmptyIsZero:
                    string any = _emit.Node("Greater", new[] { _emit.Node("GlobalMaxPool", new[] { Mask(c.MaskId) }, "any"), _emit.FloatConstant(TensorElementType.Float, 0f) }, "any");
                    factor = ShapeLikeAggregate(_emit.Cast(any, type), output);
                    break;
                default:
                    throw new InvalidOperationException(plan.Correction.ToString());
            }

            _emit.Node(op, new[] { raw, factor }, new[] { output });
        }

        private string CastTo(string tensor, TensorElementType type) => type == TensorElementType.Float ? tensor : _emit.Cast(tensor, type);

        /// <summary>
        /// The divisor that turns the op's own average of x·m into the average over present positions,
        /// keeping the op's padding convention: 1 − (A(1) − A(m)), exactly 1 when nothing is masked.
        /// </summary>
        private string WindowAverageDenominator(int maskId, PoolGeometry g, bool countIncludePad, TensorElementType type)
        {
            PlanMask source = _plan.Masks[maskId];
            string grid = _emit.FloatConstant(TensorElementType.Float, 1f, new long[] { 1, 1, source.Height, source.Width });
            string all = _emit.AveragePool(grid, g, countIncludePad);
            string present = _emit.AveragePool(Mask(maskId), g, countIncludePad);
            string missing = _emit.Node("Sub", new[] { all, present }, "missing");
            string share = _emit.Node("Sub", new[] { _emit.FloatConstant(TensorElementType.Float, 1f), missing }, "share");
            return CastTo(_emit.AtLeast(share, 1e-6f), type);
        }

        /// <summary>Reshapes an N×1×1×1 factor to broadcast against an aggregate's output (keepdims or not).</summary>
        private string ShapeLikeAggregate(string factor, string output)
        {
            long[]? dims = _shapes.ShapeOf(output)?.Dims;
            if (dims == null || dims.Length == 4)
            {
                return factor;
            }

            long[] shape = Enumerable.Repeat(1L, dims.Length).ToArray();
            shape[0] = 0;
            return _emit.Reshape(factor, shape);
        }
    }
}
