using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>
    /// A zero-neutral checkpoint whose tensor is made from a ReLU's output by ops that map zeros to zeros
    /// (bias-free 1×1 convolutions, zero-width or zero-valued padding) is realised as a ReLU bias at that
    /// ReLU: Relu(v + z) is exactly 0 where deactivated, and W·0 is exactly 0, so the checkpoint needs no
    /// multiply. DenseNet's transitions (BN → ReLU → 1×1 Conv → Pad → AveragePool) are the case: the
    /// pool then reads the convolution's output directly, and only the division by the window's share of
    /// present positions remains (<see cref="Correct"/>).
    /// Exact: every op on the way keeps the checkpoint's mask (checked on the plan), mixes no positions and
    /// has no other reader, so nothing else sees the zeros early; with an all-ones mask z is 0.
    /// </summary>
    internal sealed partial class GraphRewriter
    {
        /// <summary>Whether <paramref name="c"/> could be moved to a ReLU before a chain of zero-preserving pointwise ops; if so, records it.</summary>
        private bool TryReluBiasThroughPointwise(PlanCheckpoint c, Dictionary<string, int> consumers, Dictionary<string, PlanNode> planByName)
        {
            if (!_reluBiasThroughPointwise || c.Neutral != Neutral.Zero || _plan.Outputs.Contains(c.Tensor) ||
                _plan.Checkpoints.Any(o => o.Tensor == c.Tensor && (o.MaskId != c.MaskId || o.Neutral != Neutral.Zero)))
            {
                return false;
            }

            string t = c.Tensor;
            for (bool top = true; ; top = false)
            {
                if (!TryChainProducer(t, top, c.MaskId, consumers, planByName, out OnnxNode? p))
                {
                    return false;
                }

                if (p.OpType == "Relu")
                {
                    // The chain must have at least one op: a ReLU read directly is FindActivationCheckpoints' own case.
                    if (top || (_fusedAtActivation.TryGetValue(p.Name, out var known) && known.MaskId != c.MaskId))
                    {
                        return false;
                    }

                    _fusedAtActivation[p.Name] = (c.MaskId, p.Outputs[0]);
                    _deactivatedAtProducer.Add(p.Outputs[0]);
                    _realisedAtProducer[p.Outputs[0]] = $"ReLU bias at '{p.Name}' (Relu(v + z), z = −B where deactivated)";
                    _deactivatedAtProducer.Add(c.Tensor);
                    _realisedAtProducer[c.Tensor] = $"ReLU bias at '{p.Name}', carried as exact zeros through bias-free pointwise ops";
                    return true;
                }

                if (!MapsZeroToZero(p))
                {
                    return false;
                }

                t = p.Inputs[0];
            }
        }

        /// <summary>A 1×1, stride-1, unpadded convolution without bias, or a padding that adds nothing or zeros.</summary>
        private bool MapsZeroToZero(OnnxNode p)
        {
            if (p.OpType == "Conv")
            {
                return (p.Inputs.Count < 3 || p.Input(2).Length == 0) && IsPlainPointwiseConv(p);
            }

            if (p.OpType == "Pad")
            {
                long[]? pads = p.Ints("pads") ?? (p.Inputs.Count > 1 ? _shapes.ConstantOf(p.Input(1)) : null);
                if (pads != null && pads.All(x => x == 0))
                {
                    return true;
                }

                // Padding with the constant 0 (the default) puts zeros next to zeros.
                bool noValue = p.Attributes.ContainsKey("value") ? p.Float("value", 0f) == 0f : p.Inputs.Count < 3 || p.Input(2).Length == 0 || ScalarConstant(p.Input(2)) == 0f;
                return p.String("mode", "constant") == "constant" && noValue;
            }

            return p.OpType == "Identity";
        }
    }
}
