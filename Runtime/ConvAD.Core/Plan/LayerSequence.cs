using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Plan
{
    /// <summary>
    /// A model's ConvAD forward pass as a straight list of calls: the plan's masks first, then one call per
    /// node in graph order with each checkpoint as a call of its own right before the node that needs it.
    /// The GPU runtime executes this list and the source generator writes it out as C#, so the two cannot
    /// disagree. Weights (initializers, float constants, dequantized constant weights, folded shape
    /// arithmetic) are not calls: a runtime resolves them from the node's inputs at load.
    /// </summary>
    internal sealed class LayerSequence
    {
        /// <summary>The variable holding the batch of images.</summary>
        public const string InputVariable = "input";

        /// <summary>The variable holding the input mask (null in a plain forward).</summary>
        public const string MaskVariable = "mask";

        private readonly HashSet<string> _weights;

        private LayerSequence(HashSet<string> weights, IReadOnlyList<LayerCall> masks, IReadOnlyList<LayerCall> layers, string output)
        {
            _weights = weights;
            Masks = masks;
            Layers = layers;
            Output = output;
        }

        /// <summary>Mask calls, in dependency order (each reads the input mask or earlier masks only).</summary>
        public IReadOnlyList<LayerCall> Masks { get; }

        /// <summary>Checkpoints, layers and corrections, in graph order.</summary>
        public IReadOnlyList<LayerCall> Layers { get; }

        /// <summary>The variable holding the model's first output.</summary>
        public string Output { get; }

        /// <summary>Whether a tensor is a weight (known at load) rather than an activation passed between calls.</summary>
        public bool IsWeight(string tensor) => _weights.Contains(tensor);

        /// <summary>Whether a node is evaluated at load (it computes a weight) rather than called in the forward pass.</summary>
        public bool IsLoadTime(OnnxNode node) => node.Outputs.Count > 0 && node.Outputs.All(o => o.Length == 0 || _weights.Contains(o));

        /// <summary>The mask variable of a plan mask.</summary>
        public static string MaskName(ConvAdPlan plan, int id) => plan.Masks[id].Origin == MaskOrigin.Input ? MaskVariable : "m" + id.ToString(CultureInfo.InvariantCulture);

        public static LayerSequence Build(OnnxModel model, ConvAdPlan plan)
        {
            if (!plan.IsSupported || plan.Input == null || plan.Shapes == null || plan.Outputs.Count == 0)
            {
                throw new InvalidOperationException("a layer sequence needs a supported plan");
            }

            if (plan.Checkpoints.Any(c => c.FillSteps > 0))
            {
                // The sequence has no neighbour-fill call: running the plan without it would silently be plain AD.
                throw new NotSupportedException($"neighbour fill ({plan.Options.Fill}: layer masking or the stem-fill variant) runs on the ONNX Runtime engine only");
            }

            HashSet<string> weights = Weights(model, plan);
            RequireKnownIntegerGrids(plan, weights);
            var masks = new List<LayerCall>();
            foreach (PlanMask mask in plan.Masks.Where(m => m.Origin != MaskOrigin.Input))
            {
                string[] sources = mask.Sources.Select(s => MaskName(plan, s)).ToArray();
                string comment = mask.Origin switch
                {
                    MaskOrigin.Propagated => $"{mask.Height}×{mask.Width}: {sources[0]} through the window of '{mask.CreatedBy}' ({Window(mask)})",
                    MaskOrigin.Padded => $"{mask.Height}×{mask.Width}: {sources[0]} padded with '{mask.CreatedBy}' ({mask.Padding})",
                    _ => $"{mask.Height}×{mask.Width}: {(plan.Options.Combination == MaskCombination.Union ? "union" : "intersection")} of the branches meeting at '{mask.CreatedBy}'",
                };
                string method = mask.Origin switch
                {
                    MaskOrigin.Propagated => "PropagateMask",
                    MaskOrigin.Padded => "PadMask",
                    _ => "CombineMasks",
                };
                masks.Add(new LayerCall(LayerCallKind.Mask, method,
                    new[] { MaskName(plan, mask.Id) }, sources, null, mask.Id, Array.Empty<string>(), comment));
            }

            var layers = new List<LayerCall>();
            var variables = new Dictionary<string, string>(StringComparer.Ordinal) { [plan.Input.Name] = InputVariable };
            Dictionary<int, PlanNode> planNodes = plan.Nodes.ToDictionary(n => n.Index);
            int next = 0;
            string Fresh(string prefix) => prefix + (next++).ToString(CultureInfo.InvariantCulture);

            foreach (OnnxNode node in plan.Order)
            {
                if (node.Outputs.Count > 0 && node.Outputs.All(o => o.Length == 0 || weights.Contains(o)))
                {
                    continue;
                }

                PlanNode? p = planNodes.TryGetValue(node.Index, out PlanNode? found) ? found : null;
                var arguments = new List<string>();
                for (int i = 0; i < node.Inputs.Count; i++)
                {
                    string name = node.Inputs[i];
                    if (name.Length == 0 || weights.Contains(name))
                    {
                        continue;
                    }

                    if (!variables.TryGetValue(name, out string? variable))
                    {
                        throw new InvalidOperationException($"node '{node.Name}' reads '{name}', which nothing before it produces");
                    }

                    PlanCheckpoint? checkpoint = p?.Checkpoints.FirstOrDefault(c => c.InputIndex == i);
                    if (checkpoint != null)
                    {
                        string deactivated = Fresh("d");
                        bool lowest = checkpoint.Neutral == Neutral.Lowest;
                        layers.Add(new LayerCall(LayerCallKind.Checkpoint, lowest ? "DeactivateLowest" : "Deactivate", new[] { deactivated },
                            new[] { variable, MaskName(plan, checkpoint.MaskId) }, null, null, Array.Empty<string>(),
                            $"checkpoint: '{node.Name}' reads {variable} with occluded positions at {(lowest ? "the lowest value" : "0")}"));
                        variable = deactivated;
                    }

                    arguments.Add(variable);
                }

                OutputCorrection correction = p?.Correction ?? OutputCorrection.None;
                if (correction is OutputCorrection.MaskedWindowAverage or OutputCorrection.MaskedGlobalMean or OutputCorrection.EmptyIsZero)
                {
                    arguments.Add(MaskName(plan, p!.Checkpoints[0].MaskId));
                }

                string[] tensors = node.OpType == "Split" ? node.Outputs.ToArray() : new[] { node.Outputs[0] };
                string[] results = tensors.Select(_ => Fresh("x")).ToArray();
                layers.Add(new LayerCall(LayerCallKind.Layer, node.OpType, results, arguments, node.Name, null, tensors, LayerComment(plan, node, correction)));
                for (int i = 0; i < tensors.Length; i++)
                {
                    variables[tensors[i]] = results[i];
                }

                if (correction == OutputCorrection.ResetDeactivated)
                {
                    string reset = Fresh("x");
                    layers.Add(new LayerCall(LayerCallKind.Correction, "ResetDeactivated", new[] { reset },
                        new[] { results[0], MaskName(plan, p!.OutputMask!.Value) }, node.Name, null, tensors,
                        $"'{node.Name}': outputs whose whole window was occluded back to 0"));
                    variables[tensors[0]] = reset;
                }
            }

            string output = variables.TryGetValue(plan.Outputs[0], out string? o) ? o :
                throw new InvalidOperationException($"the output '{plan.Outputs[0]}' is not computed by any node");
            return new LayerSequence(weights, masks, layers, output);
        }

        /// <summary>
        /// ConvInteger and MatMulInteger run only where the scale of the activations they read is known at load: a runtime
        /// that holds real values recovers their integers with it (<see cref="IntegerOperands"/>).
        /// </summary>
        private static void RequireKnownIntegerGrids(ConvAdPlan plan, HashSet<string> weights)
        {
            if (!plan.Order.Any(IntegerOperands.IsIntegerOp))
            {
                return;
            }

            var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
            foreach (OnnxNode node in plan.Order)
            {
                foreach (string output in node.Outputs.Where(o => o.Length > 0))
                {
                    producers[output] = node;
                }
            }

            foreach (OnnxNode node in plan.Order.Where(IntegerOperands.IsIntegerOp))
            {
                IntegerOperands.RequireKnownGrids(node, t => producers.TryGetValue(t, out OnnxNode? p) ? p : null, weights.Contains);
            }
        }

        /// <summary>
        /// Tensors known at load: initializers, folded integer constants, outputs of float Constant nodes, and of
        /// <see cref="LoadTimeOps"/> whose inputs are all weights (the int8 weights of a QDQ model, reshaped weights).
        /// </summary>
        private static HashSet<string> Weights(OnnxModel model, ConvAdPlan plan)
        {
            var weights = new HashSet<string>(model.Graph.Initializers.Keys, StringComparer.Ordinal);
            foreach (KeyValuePair<string, long[]> folded in plan.Shapes!.Constants)
            {
                weights.Add(folded.Key);
            }

            foreach (OnnxNode node in plan.Order)
            {
                bool fromWeights = node.Inputs.All(i => i.Length == 0 || weights.Contains(i));
                bool loadTime = node.OpType == "Constant" || (fromWeights && LoadTimeOps.Contains(node.OpType));
                if (loadTime)
                {
                    weights.UnionWith(node.Outputs.Where(o => o.Length > 0));
                }
            }

            weights.Remove(plan.Input!.Name);
            return weights;
        }

        /// <summary>Ops a runtime evaluates at load when every input is a weight: dequantization and views (a reshaped weight, for example).</summary>
        public static readonly IReadOnlyCollection<string> LoadTimeOps = new HashSet<string>(StringComparer.Ordinal)
        {
            "DequantizeLinear", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity",
        };

        private static string Window(PlanMask mask)
        {
            Shapes.PoolGeometry g = mask.Geometry!;
            string text = $"{g.Kernel[0]}×{g.Kernel[1]}";
            if (g.Strides[0] != 1 || g.Strides[1] != 1)
            {
                text += $", stride {g.Strides[0]}×{g.Strides[1]}";
            }

            if (g.HasDilation)
            {
                text += $", dilation {g.Dilations[0]}×{g.Dilations[1]}";
            }

            return text;
        }

        private static string LayerComment(ConvAdPlan plan, OnnxNode node, OutputCorrection correction)
        {
            Shapes.TensorShape? shape = plan.Shapes!.ShapeOf(node.Outputs[0]);
            string text = shape?.Dims == null ? node.OpType : $"{node.OpType} → {Shapes.TensorShape.Format(shape.Dims)}";
            return correction switch
            {
                OutputCorrection.MaskedWindowAverage => text + ", averaged over present positions",
                OutputCorrection.MaskedGlobalMean => text + ", mean over present positions",
                OutputCorrection.EmptyIsZero => text + ", 0 when nothing is present",
                _ => text,
            };
        }
    }
}
