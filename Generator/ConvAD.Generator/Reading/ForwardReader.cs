using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Generator.Model;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// The model's ConvAD forward pass as layer calls: the core's <see cref="LayerSequence"/> (the list the GPU
    /// runtime executes), turned into equatable values. Read with the graph, only for a compilation that
    /// references the GPU runtime.
    /// </summary>
    internal static class ForwardReader
    {
        public static ForwardSpec Read(OnnxModel model, ConvAdPlan plan)
        {
            LayerSequence sequence;
            try
            {
                sequence = LayerSequence.Build(model, plan);
            }
            catch (Exception e)
            {
                // The runtime builds the same sequence at load and would fail the same way; the model class
                // itself does not depend on it, so this only costs the forward pass (CVAD011).
                return ForwardSpec.Failure($"its ConvAD forward pass cannot be laid out as layer calls ({e.GetType().Name}: {e.Message})");
            }

            // Output tensor names are unique in a valid graph, so they find the node of a call.
            var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
            foreach (OnnxNode node in plan.Order)
            {
                foreach (string output in node.Outputs)
                {
                    if (output.Length > 0 && !producers.ContainsKey(output))
                    {
                        producers[output] = node;
                    }
                }
            }

            var calls = sequence.Masks.Concat(sequence.Layers).Select(call => new ForwardCall(
                call.Kind,
                call.Method,
                call.Node,
                call.Tensors.Count > 0 && producers.TryGetValue(call.Tensors[0], out OnnxNode? node) ? node.Domain : "",
                call.MaskId,
                call.Results.ToEquatableArray(),
                call.Arguments.Select(a => a ?? "null").ToEquatableArray(),
                call.Comment));
            return new ForwardSpec(calls.ToEquatableArray(), sequence.Output, null);
        }
    }
}
