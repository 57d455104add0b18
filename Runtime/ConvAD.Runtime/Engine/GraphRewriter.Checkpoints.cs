using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;

namespace ConvAD.Engine
{
    /// <summary>Checkpoints: where and how deactivated positions are reset to their neutral value.</summary>
    internal sealed partial class GraphRewriter
    {
        /// <summary>
        /// A checkpoint on the output of a ReLU is realised inside the activation: Relu(v + z) with z = 0
        /// where present and −B where not. ONNX Runtime fuses the add into the preceding convolution, so
        /// the checkpoint costs almost nothing, and the output is exactly 0 at deactivated positions for
        /// every v below B. Being non-negative, such a tensor needs no −∞ for max-pooling either: 0 never
        /// beats a present value. A channel Concat of ReLUs (Inception, Fire modules) is handled through
        /// its branches.
        /// </summary>
        private void FindActivationCheckpoints()
        {
            var consumers = _plan.Order.SelectMany(n => n.Inputs).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
            var planByName = _plan.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
            foreach (PlanCheckpoint c in _plan.Checkpoints)
            {
                if (!c.Layout.IsNchw || !TypeOf(c.Tensor).IsFloatingPoint() || TypeOf(c.Tensor) == TensorElementType.BFloat16)
                {
                    continue;
                }

                var activations = new List<OnnxNode>();
                if (CollectReluSources(c.Tensor, consumers, activations, top: true))
                {
                    foreach (OnnxNode relu in activations)
                    {
                        _fusedAtActivation[relu.Name] = (c.MaskId, relu.Outputs[0]);
                        _deactivatedAtProducer.Add(relu.Outputs[0]);
                        _realisedAtProducer[relu.Outputs[0]] = $"ReLU bias at '{relu.Name}' (Relu(v + z), z = −B where deactivated)";
                    }

                    _deactivatedAtProducer.Add(c.Tensor);
                    _realisedAtProducer[c.Tensor] = activations.Count == 1
                        ? $"ReLU bias at '{activations[0].Name}' (Relu(v + z), z = −B where deactivated)"
                        : $"ReLU bias at the {activations.Count} branches of the Concat";
                }
                else if (TryReluBiasThroughPointwise(c, consumers, planByName))
                {
                    // A ReLU before bias-free 1×1 convolutions (DenseNet's transitions): GraphRewriter.ReluBiasThroughPointwise.cs.
                }
                else
                {
                    // Clip(0, 6) and SiLU after a 1×1 convolution: deactivate at the convolution's input instead
                    // (GraphRewriter.EarlyDeactivation.cs).
                    TryEarlyDeactivation(c, consumers, planByName);
                }
            }
        }

        /// <summary>
        /// The ReLUs whose outputs make up <paramref name="tensor"/>: itself, or the branches of a channel
        /// Concat. A branch is zeroed with the Concat's mask, which can be smaller than its own, so it must
        /// have no other reader.
        /// </summary>
        private bool CollectReluSources(string tensor, Dictionary<string, int> consumers, List<OnnxNode> into, bool top)
        {
            if (!_producers.TryGetValue(tensor, out OnnxNode? p) || p.Domain.Length != 0 || (!top && consumers.GetValueOrDefault(tensor) != 1))
            {
                return false;
            }

            if (ClampsAtZero(p))
            {
                into.Add(p);
                return true;
            }

            return top && p.OpType == "Concat" && p.Int("axis", 0) == 1 && p.Inputs.All(i => CollectReluSources(i, consumers, into, top: false));
        }

        /// <summary>
        /// Only ReLU: Clip(0, 6) would also clamp the bias to 0, but ONNX Runtime does not fuse a Clip
        /// after a convolution that already absorbed an add; a Clip after a 1×1 convolution gets the bias as
        /// an input channel of the convolution instead (<see cref="TryEarlyDeactivation"/>).
        /// </summary>
        private static bool ClampsAtZero(OnnxNode p) => p.OpType == "Relu";


        /// <summary>Max-pooling left no lowest values behind: the input was quantized or non-negative with zeros.</summary>
        private bool NeedsNoReset(PlanNode plan) =>
            plan.Checkpoints.Count > 0 && (TypeOf(plan.Checkpoints[0].Tensor).IsQuantized() || QuantizedSource(plan.Checkpoints[0].Tensor, out _, out _) || _deactivatedAtProducer.Contains(plan.Checkpoints[0].Tensor));

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
                // A broadcast over channels. (ONNX Runtime runs fp16 graphs in fp32 on the CPU, blocked layout
                // included, but an fp16 expansion convolution gets casts that keep it out of that layout.)
                name = scale == 1f ? m : _emit.Node("Mul", new[] { m, _emit.FloatConstant(TensorElementType.Float, scale) }, "scaled");
                name = CastTo(name, type);
            }
            else
            {
                name = PerChannel(m, channels, scale, "expanded");
            }

            return _maskTensors[key] = name;
        }

        /// <summary>
        /// scale times a 1-channel float tensor, copied to <paramref name="channels"/> channels by a bias-free 1×1 convolution:
        /// same-shaped element-wise ops on the copy stay in ONNX Runtime's blocked layout (see <see cref="ExpandedMask"/>).
        /// </summary>
        private string PerChannel(string oneChannel, long channels, float scale, string name)
        {
            string weight = _emit.FloatConstant(TensorElementType.Float, scale, new[] { channels, 1, 1, 1 });
            return _emit.Node("Conv", new[] { oneChannel, weight }, name, new Attr("kernel_shape", Ints: new long[] { 1, 1 }));
        }

        /// <summary>
        /// Whether ONNX Runtime will likely keep this tensor in its blocked layout: the outputs of
        /// convolutions, pooling, and the activations it runs on blocked tensors (SiLU, x·sigmoid(x), is
        /// fused into one such activation). Elsewhere (Concat, say) a broadcast multiply by the
        /// single-channel mask avoids converting a plain tensor to blocks.
        /// </summary>
        private bool LikelyBlocked(string tensor)
        {
            if (!_producers.TryGetValue(tensor, out OnnxNode? p) || p.Domain.Length != 0)
            {
                return false;
            }

            return p.OpType is "Conv" or "Relu" or "Clip" or "Add" or "Sum" or "MaxPool" or "AveragePool" or "BatchNormalization" or "Sigmoid" or "Tanh"
                || (p.OpType == "Mul" && IsSilu(p));
        }

        private bool IsSilu(OnnxNode mul) =>
            mul.Inputs.Count == 2 && mul.Inputs.Any(i => _producers.TryGetValue(i, out OnnxNode? s) && s.OpType == "Sigmoid" && mul.Inputs.Contains(s.Input(0)));

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
                Log(c, consumer, "quantized: Where(m, q, zero point) before a copy of the DequantizeLinear");
                string masked = DeactivateQuantized(q, dq!.Input(2), c);
                result = _emit.NewName("dequantized");
                var inputs = dq.Inputs.ToArray();
                inputs[0] = masked;
                _nodes.Message(OnnxProto.Graph.Node, n =>
                {
                    foreach (string i in inputs)
                    {
                        n.String(OnnxProto.Node.Input, i);
                    }

                    n.String(OnnxProto.Node.Output, result);
                    n.String(OnnxProto.Node.Name, _emit.NewName("dequantizelinear"));
                    n.String(OnnxProto.Node.OpType, "DequantizeLinear");
                    foreach (ByteRange a in dq.AttributeRanges)
                    {
                        n.Bytes(OnnxProto.Node.Attribute, _source.AsSpan((int)a.Offset, (int)a.Length));
                    }
                });
            }
            else if (type.IsQuantized())
            {
                result = DeactivateQuantized(c.Tensor, QuantizedZeroPoint(c, consumer), c);
                Log(c, consumer, "quantized operator: Where(m, q, zero point)");
            }
            else if (_imageZeroedByCaller && c.Tensor == _plan.Input!.Name && c.Neutral == Neutral.Zero)
            {
                // ConvAdModel zeroes the occluded pixels before every call (MaskedBatch.CopyZeroingOccluded), so x·m would be x.
                result = c.Tensor;
                Log(c, consumer, "none: the engine zeroes occluded pixels before the call");
            }
            else if (_deactivatedAtProducer.Contains(c.Tensor))
            {
                result = c.Tensor;
                Log(c, consumer, _realisedAtProducer.GetValueOrDefault(c.Tensor, "at its producer"));
            }
            else if (type.IsFloatingPoint())
            {
                bool nchw = c.Layout.IsNchw && LikelyBlocked(c.Tensor);
                Log(c, consumer, (nchw ? "multiply by the mask expanded per channel (blocked layout)" : "multiply by the 1-channel mask (broadcast)") +
                    (c.Neutral == Neutral.Lowest ? " plus a −L bias for max-pooling" : ""));
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

        /// <summary>
        /// The zero point of a quantized tensor at a checkpoint (QOperator models): the one its reader dequantizes it
        /// with, or else the one its producer quantized it with, followed back through ops that only move values
        /// (a Flatten before the head, a MaxPool). "" stands for an omitted zero point, which is 0.
        /// </summary>
        private string QuantizedZeroPoint(PlanCheckpoint c, OnnxNode consumer)
        {
            if (QuantizedOperands.InputZeroPoint(consumer, c.InputIndex) is int k)
            {
                return consumer.Inputs.Count > k ? consumer.Input(k) : "";
            }

            string tensor = c.Tensor;
            while (_producers.TryGetValue(tensor, out OnnxNode? p))
            {
                if (QuantizedOperands.OutputZeroPoint(p) is int z)
                {
                    return p.Inputs.Count > z ? p.Input(z) : "";
                }

                if (!QuantizedOperands.KeepsZeroPoint(p))
                {
                    break;
                }

                tensor = p.Input(0);
            }

            throw new NotSupportedException($"checkpoint before '{consumer.Name}' ({consumer.OpType}): the zero point of the quantized tensor '{c.Tensor}' is not known");
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
    }
}
