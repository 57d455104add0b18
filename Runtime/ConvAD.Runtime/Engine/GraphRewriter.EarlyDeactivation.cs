using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>
    /// Early deactivation: a checkpoint on the output of a 1×1 convolution followed by activations with
    /// f(0) = 0 (the expand convolution of an inverted-residual block, then ReLU6 or SiLU, read by a
    /// depthwise convolution) is realised at the convolution's input, which is several times smaller than
    /// its output. The convolution reads the mask as extra input channels:
    /// <list type="bullet">
    /// <item><b>Clamp</b> (every activation clamps at 0 from below: Clip(0, ·), Relu): Conv([x ; 1 − m ; 0…], [W | −B | 0…], b)
    /// is W·x + b where m = 1 and about −B where m = 0, which the clamp turns into exactly 0. No multiply at all.</item>
    /// <item><b>Zero</b> (any f with f(0) = 0: SiLU, HardSwish, Clip(lo &lt; 0, ·)): Conv([x·m ; m ; 0…], [W | b | 0…]) without bias is
    /// W·x + b where m = 1 and exactly 0 where m = 0, so f(0) = 0 reaches the checkpoint. The multiply is
    /// on the convolution's input, not on its (expanded) output.</item>
    /// </list>
    /// Nothing stands between the convolution and its activation, so ONNX Runtime keeps fusing them, and
    /// the mask channels fill a whole NCHWc block, so a block-aligned input stays in the blocked layout.
    /// Exact: the convolution mixes no positions, its input carries the checkpoint's mask (checked on the
    /// plan), and the checkpoint's readers see exactly 0 at deactivated positions; with an all-ones mask
    /// the Clamp form adds −B·0 and the Zero form only moves the bias into the sum.
    /// <para>
    /// <see cref="WriteNode"/> must call <see cref="TryWriteEarlyDeactivated"/> for every node before writing it;
    /// a checkpoint tensor counts as deactivated only once its convolution has been rewritten, so without
    /// that call the checkpoints fall back to the multiply.
    /// </para>
    /// </summary>
    internal sealed partial class GraphRewriter
    {
        private enum EarlyForm
        {
            /// <summary>x·m and the mask channel carrying the bias: exact 0 before the activation.</summary>
            Zero,

            /// <summary>A −B channel where m = 0, clamped to 0 by the activation.</summary>
            Clamp,
        }

        /// <summary>Per 1×1 convolution to rewrite: the checkpoint's mask, the form, and the checkpoint tensor it makes exact.</summary>
        private readonly Dictionary<string, (int MaskId, EarlyForm Form, string Checkpoint)> _earlyConvs =
            new Dictionary<string, (int, EarlyForm, string)>(StringComparer.Ordinal);

        /// <summary>The channel block of ONNX Runtime's NCHWc kernels on this CPU (MLAS: 16 with AVX-512, else 8).</summary>
        private static int NchwcBlock => System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? 16 : 8;

        /// <summary>
        /// Whether the checkpoint <paramref name="c"/> can be realised at the input of the 1×1 convolution
        /// whose activations produce it; if so, records the convolution.
        /// </summary>
        private bool TryEarlyDeactivation(PlanCheckpoint c, Dictionary<string, int> consumers, Dictionary<string, PlanNode> planByName)
        {
            if (TypeOf(c.Tensor) != TensorElementType.Float || _plan.Outputs.Contains(c.Tensor) ||
                _plan.Checkpoints.Any(o => o.Tensor == c.Tensor && o.MaskId != c.MaskId))
            {
                return Declined(c, "not a float32 tensor read on one mask grid only");
            }

            // A max-pooling reader needs −∞ unless the tensor is non-negative (then 0 never beats a present value).
            bool needsLowest = _plan.Checkpoints.Any(o => o.Tensor == c.Tensor && o.Neutral == Neutral.Lowest);
            bool clamps = true;
            bool nonNegative = true;
            string t = c.Tensor;
            for (bool top = true; ; top = false)
            {
                if (!TryChainProducer(t, top, c.MaskId, consumers, planByName, out OnnxNode? p))
                {
                    return Declined(c, !_producers.ContainsKey(t) ? "a graph input (no convolution produces it)" : top
                        ? "its producer does not keep the checkpoint's mask"
                        : $"'{t}' has another reader, or its producer is not a single-output pointwise op on the checkpoint's mask");
                }

                if (p.OpType == "Conv")
                {
                    return top ? Declined(c, "a convolution's output read directly (no activation to fold the deactivation into)")
                        : needsLowest && !nonNegative ? Declined(c, "a max-pooling reader needs the lowest value and the activation can be negative")
                        : Record(p, clamps ? EarlyForm.Clamp : EarlyForm.Zero);
                }

                if (p.OpType == "Relu")
                {
                    t = p.Inputs[0];
                }
                else if (p.OpType == "HardSwish")
                {
                    // x·clip(x/6 + 1/2, 0, 1): 0 at 0; at −B too, but −∞·0 would be NaN, so only the zero form.
                    clamps = false;
                    nonNegative = false;
                    t = p.Inputs[0];
                }
                else if (p.OpType == "Clip" && ClipBounds(p) is (float lo, float hi) && lo <= 0 && hi >= 0)
                {
                    // Clip(0, hi) turns −B into exactly 0; Clip(lo < 0, hi) only keeps 0 at 0.
                    clamps &= lo == 0;
                    nonNegative &= lo == 0;
                    t = p.Inputs[0];
                }
                else if (p.OpType == "Mul" && IsSilu(p))
                {
                    // y·sigmoid(y): 0 at 0, but not 0 at −B (the sigmoid saturates at a finite input).
                    string sig = p.Inputs.First(i => _producers.TryGetValue(i, out OnnxNode? s) && s.OpType == "Sigmoid");
                    string y = p.Inputs[0] == sig ? p.Inputs[1] : p.Inputs[0];
                    if (consumers.GetValueOrDefault(sig) != 1 || consumers.GetValueOrDefault(y) != 2 || _plan.Outputs.Contains(sig) ||
                        _plan.Outputs.Contains(y) || !planByName.TryGetValue(_producers[sig].Name, out PlanNode? sn) || !KeepsMask(sn, c.MaskId) ||
                        !_producers.TryGetValue(y, out OnnxNode? conv) || conv.OpType != "Conv" || conv.Domain.Length != 0 ||
                        !planByName.TryGetValue(conv.Name, out PlanNode? cn) || !KeepsMask(cn, c.MaskId) || needsLowest)
                    {
                        return Declined(c, "SiLU whose operands have other readers, or not after a convolution on the checkpoint's mask");
                    }

                    return Record(conv, EarlyForm.Zero);
                }
                else
                {
                    return Declined(c, $"produced by {p.OpType}, not by an activation with f(0) = 0 after a convolution");
                }
            }

            bool Record(OnnxNode conv, EarlyForm form)
            {
                if (!IsPlainPointwiseConv(conv))
                {
                    return Declined(c, $"'{conv.Name}' is not a float 1×1, stride-1, ungrouped convolution with initializer weights");
                }

                if (_earlyConvs.TryGetValue(conv.Name, out var known) && known.Checkpoint != c.Tensor)
                {
                    return Declined(c, $"'{conv.Name}' already deactivates another checkpoint");
                }

                _earlyConvs[conv.Name] = (c.MaskId, form, c.Tensor);
                return true;
            }
        }

        /// <summary>
        /// One step up a chain of pointwise ops from a checkpoint tensor: <paramref name="t"/>'s producer, a single-output node
        /// of the default domain that keeps <paramref name="maskId"/>. Below the checkpoint itself (<paramref name="top"/>
        /// false), <paramref name="t"/> must have no other reader and not be a graph output, so nothing else sees it changed.
        /// </summary>
        private bool TryChainProducer(string t, bool top, int maskId, Dictionary<string, int> consumers, Dictionary<string, PlanNode> planByName,
            [NotNullWhen(true)] out OnnxNode? producer)
        {
            producer = null;
            if (!_producers.TryGetValue(t, out OnnxNode? p) || p.Domain.Length != 0 || p.Outputs.Count != 1 ||
                (!top && (consumers.GetValueOrDefault(t) != 1 || _plan.Outputs.Contains(t))) ||
                !planByName.TryGetValue(p.Name, out PlanNode? pn) || !KeepsMask(pn, maskId))
            {
                return false;
            }

            producer = p;
            return true;
        }

        /// <summary>A pointwise node (or a merge of branches on one mask, like y·sigmoid(y)) whose input and output carry <paramref name="maskId"/>.</summary>
        private static bool KeepsMask(PlanNode p, int maskId) =>
            (p.Role == NodeRole.Pointwise || p.Role == NodeRole.BranchMerge) && p.InputMask == maskId && p.OutputMask == maskId;

        /// <summary>A float 1×1 convolution, stride 1, no padding, one group, NCHW, with initializer weights (and bias).</summary>
        private bool IsPlainPointwiseConv(OnnxNode conv)
        {
            if (conv.Int("group", 1) != 1 || conv.Inputs.Count < 2 ||
                !_model.Graph.Initializers.TryGetValue(conv.Input(1), out OnnxTensor? w) || w.IsExternal || w.Dims.Length != 4 || w.Dims[2] != 1 || w.Dims[3] != 1 ||
                !(w.ElementType == TensorElementType.Float || (_widen && w.ElementType == TensorElementType.Float16)))
            {
                return false;
            }

            if (conv.Input(2).Length > 0 && (!_model.Graph.Initializers.TryGetValue(conv.Input(2), out OnnxTensor? b) || b.IsExternal || b.ElementCount != w.Dims[0]))
            {
                return false;
            }

            if ((conv.Ints("strides") ?? Array.Empty<long>()).Any(s => s != 1) || (conv.Ints("dilations") ?? Array.Empty<long>()).Any(d => d != 1) ||
                (conv.Ints("pads") ?? Array.Empty<long>()).Any(p => p != 0) || conv.String("auto_pad", "NOTSET") is not ("NOTSET" or "VALID" or ""))
            {
                return false;
            }

            long[]? xs = _shapes.ShapeOf(conv.Input(0))?.Dims;
            return xs is { Length: 4 } && xs[1] == w.Dims[1] && TypeOf(conv.Input(0)) == TensorElementType.Float;
        }

        /// <summary>The bounds of a Clip, when they are constants (attributes before opset 11, inputs after).</summary>
        private (float Lo, float Hi)? ClipBounds(OnnxNode clip)
        {
            if (clip.Attributes.ContainsKey("min") || clip.Attributes.ContainsKey("max") || clip.Inputs.Count == 1)
            {
                return (clip.Float("min", float.MinValue), clip.Float("max", float.MaxValue));
            }

            float? lo = clip.Input(1).Length == 0 ? float.MinValue : ScalarConstant(clip.Input(1));
            float? hi = clip.Input(2).Length == 0 ? float.MaxValue : ScalarConstant(clip.Input(2));
            return lo is float l && hi is float h ? (l, h) : null;
        }

        private float? ScalarConstant(string name)
        {
            if (_model.Graph.Initializers.TryGetValue(name, out OnnxTensor? t) && t.FloatValues is { Length: 1 } v)
            {
                return v[0];
            }

            if (_producers.TryGetValue(name, out OnnxNode? p) && p.OpType == "Constant" && p.Attributes.TryGetValue("value", out OnnxAttribute? a) &&
                a.Tensor?.FloatValues is { Length: 1 } cv)
            {
                return cv[0];
            }

            return null;
        }

        /// <summary>
        /// Writes the replacement of a 1×1 convolution chosen by <see cref="TryEarlyDeactivation"/> (same name,
        /// attributes and output) and marks its checkpoint tensor as deactivated; false for any other node.
        /// </summary>
        private bool TryWriteEarlyDeactivated(OnnxNode node)
        {
            if (!_earlyConvs.TryGetValue(node.Name, out var early))
            {
                return false;
            }

            OnnxTensor wt = _model.Graph.Initializers[node.Input(1)];
            long cout = wt.Dims[0];
            long cin = wt.Dims[1];
            float[]? b = node.Input(2).Length > 0 ? TensorPayload.ReadFloats(_source, _model.Graph.Initializers[node.Input(2)]) : null;
            string x = node.Input(0);
            string[] inputs;
            if (early.Form == EarlyForm.Zero && b == null)
            {
                // No bias: W·(x·m) is already 0 where m = 0.
                inputs = new[] { MaskedInput(x, early.MaskId, cin), node.Input(1) };
            }
            else
            {
                // The mask channel and zeros up to a whole block, so the concatenation stays blocked when x is.
                int extra = NchwcBlock - (int)(cin % NchwcBlock);
                float[] w = TensorPayload.ReadFloats(_source, wt);
                var weight = new float[cout * (cin + extra)];
                for (long o = 0; o < cout; o++)
                {
                    Array.Copy(w, o * cin, weight, o * (cin + extra), cin);
                    weight[o * (cin + extra) + cin] = early.Form == EarlyForm.Zero ? b![o] : -Lowest(TensorElementType.Float);
                }

                bool clamp = early.Form == EarlyForm.Clamp;
                string xin = clamp ? x : MaskedInput(x, early.MaskId, cin);
                string concat = _emit.Node("Concat", new[] { xin, MaskChannels(early.MaskId, extra, inverted: clamp) }, "with_mask", new Attr("axis", Int: 1));
                string wname = _emit.FloatTensor(TensorElementType.Float, new[] { cout, cin + extra, 1, 1 }, weight);
                inputs = clamp && b != null
                    ? new[] { concat, wname, _emit.FloatTensor(TensorElementType.Float, new[] { cout }, b) }
                    : new[] { concat, wname };
            }

            _nodes.Message(OnnxProto.Graph.Node, n =>
            {
                foreach (string i in inputs)
                {
                    n.String(OnnxProto.Node.Input, i);
                }

                n.String(OnnxProto.Node.Output, node.Outputs[0]);
                n.String(OnnxProto.Node.Name, node.Name);
                n.String(OnnxProto.Node.OpType, node.OpType);
                foreach (ByteRange a in node.AttributeRanges)
                {
                    n.Bytes(OnnxProto.Node.Attribute, _source.AsSpan((int)a.Offset, (int)a.Length));
                }
            });
            _deactivatedAtProducer.Add(early.Checkpoint);
            _realisedAtProducer[early.Checkpoint] = early.Form == EarlyForm.Clamp
                ? $"early deactivation at the input of 1×1 Conv '{node.Name}' (1 − m channel, clamped by the activation)"
                : $"early deactivation at the input of 1×1 Conv '{node.Name}' (x·m and a bias channel m)";
            return true;
        }

        /// <summary>x·m, with the mask copied per channel where ONNX Runtime keeps x blocked (cached per tensor and mask).</summary>
        private string MaskedInput(string x, int maskId, long channels)
        {
            string key = $"early|{x}|{maskId}";
            if (_maskTensors.TryGetValue(key, out string? name))
            {
                return name;
            }

            string m = LikelyBlocked(x) ? ExpandedMask(maskId, channels, 1f, inverted: false, TensorElementType.Float) : Mask(maskId);
            return _maskTensors[key] = _emit.Node("Mul", new[] { x, m }, "early_deactivated");
        }

        /// <summary>m (or 1 − m) as the first of <paramref name="count"/> channels, the others 0: a bias-free 1×1 convolution of the mask.</summary>
        private string MaskChannels(int maskId, int count, bool inverted)
        {
            string key = $"mc|{maskId}|{count}|{inverted}";
            if (_maskTensors.TryGetValue(key, out string? name))
            {
                return name;
            }

            string m = Mask(maskId);
            if (inverted)
            {
                m = _emit.Node("Sub", new[] { _emit.FloatConstant(TensorElementType.Float, 1f), m }, "inverted");
            }

            if (count == 1)
            {
                return _maskTensors[key] = m;
            }

            var values = new float[count];
            values[0] = 1f;
            string weight = _emit.FloatTensor(TensorElementType.Float, new long[] { count, 1, 1, 1 }, values);
            return _maskTensors[key] = _emit.Node("Conv", new[] { m, weight }, "mask_channels", new Attr("kernel_shape", Ints: new long[] { 1, 1 }));
        }
    }
}
