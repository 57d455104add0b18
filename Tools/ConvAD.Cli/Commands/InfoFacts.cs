using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// The facts <c>convad info</c> reports about how a model is represented beyond its inputs and outputs, one row each:
    /// the text prints them after the node count, the JSON has one field per fact: a symbolic input size, and control flow
    /// inlined before planning (the node count is the graph as read; the plan runs the inlined graph).
    /// </summary>
    internal static class InfoFacts
    {
        /// <summary>Where a stated input size came from (the JSON's <c>source</c>).</summary>
        public const string FromOption = "--input-size";

        public const string FromSidecar = "sidecar";

        /// <summary>The rows, label and text, in the order printed.</summary>
        public static IEnumerable<(string Label, string Text)> Rows(OnnxModel model, ConvAdPlan plan, string? sizeSource)
        {
            if (plan.SymbolicSize is SymbolicInputSize size)
            {
                yield return ("Size", SizeText(size, sizeSource));
            }

            if (InlinedIfs(model, plan) is int ifs)
            {
                yield return ("Control flow", $"{ifs} If{(ifs == 1 ? "" : "s")} inlined (the condition follows from the shapes): the plan runs {plan.Nodes.Count} nodes");
            }
        }

        /// <summary>
        /// The top-level Ifs of the graph as read that the plan inlined (<see cref="ConstantConditions"/>), or null when there
        /// are none. An If the plan could not inline makes it unsupported, and the NOT SUPPORTED line names it instead.
        /// </summary>
        public static int? InlinedIfs(OnnxModel model, ConvAdPlan plan)
        {
            int ifs = model.Graph.Nodes.Count(n => n.OpType == "If" && n.Domain.Length == 0);
            return ifs > 0 && plan.IsSupported ? ifs : null;
        }

        /// <summary>The <c>inputSize</c> JSON field: null (left out) when the file fixes the input's height and width.</summary>
        public static object? SizeJson(ConvAdPlan plan, string? sizeSource) => plan.SymbolicSize is SymbolicInputSize s
            ? new
            {
                symbolicAxes = s.Axes,
                names = s.Names,
                size = s.Size == null ? null : new[] { s.Size.Height, s.Size.Width },
                source = s.Size == null ? null : sizeSource,
            }
            : null;

        private static string SizeText(SymbolicInputSize size, string? source)
        {
            string axes = $"symbolic {string.Join(", ", size.Names)} (ax{(size.Axes.Count == 1 ? "is" : "es")} {string.Join(", ", size.Axes)})";
            return size.Size == null
                ? $"{axes}: no size stated; give one with --input-size HxW or \"input\": {{ \"size\": [H, W] }} in the model's .convad.json"
                : $"{axes}: run at {size.Size.Height}×{size.Size.Width} (from {(source == FromSidecar ? "the sidecar's input.size" : source)})";
        }
    }
}
