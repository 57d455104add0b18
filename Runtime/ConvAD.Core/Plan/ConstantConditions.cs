using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>
    /// Replaces each If whose condition is known once shapes are (torch writes <c>nn.LocalResponseNorm</c>'s <c>squeeze(1)</c>
    /// as <c>If(Equal(Gather(Shape(x), 1), 1))</c>) by the nodes of the branch it takes, so that the plan, the engine's
    /// rewritten graph, the GPU runtime and the generator all work on one graph without control flow. A condition that is not
    /// known, or that depends on the batch size (the engines run any batch), is refused naming the If.
    /// </summary>
    internal static class ConstantConditions
    {
        /// <summary>Batch sizes at which a condition is folded: it must come out the same at each.</summary>
        private static readonly long[] ProbeBatches = { 1, 2, 7 };

        /// <summary>True when the graph has an If of the default domain (the only control flow this class inlines).</summary>
        public static bool HasIf(OnnxGraph graph) => graph.Nodes.Any(IsIf);

        /// <summary>
        /// The model with every If inlined; nested Ifs (an If inside the branch taken) are inlined in later rounds, once the
        /// outer branch's shapes are known. Throws <see cref="GraphException"/> naming the first If that cannot be.
        /// </summary>
        /// <param name="model">The model as read.</param>
        /// <param name="image">The image input: its batch axis is the one probed.</param>
        /// <param name="inputDims">Inputs' dimensions as the plan runs them (a symbolic height and width made the stated size).</param>
        /// <param name="cancellation">Checked between rounds and by shape inference.</param>
        public static OnnxModel Inline(OnnxModel model, ModelInput image, IReadOnlyDictionary<string, long[]> inputDims, CancellationToken cancellation)
        {
            int nextIndex = model.Graph.Nodes.Count;
            while (HasIf(model.Graph))
            {
                cancellation.ThrowIfCancellationRequested();
                IReadOnlyList<OnnxNode> order = GraphOrder.Topological(model.Graph);
                ShapeInference?[] probes = ProbeBatches.Select((b, i) => Probe(model, order, image, inputDims, b, i == 0, cancellation)).ToArray();
                var replaced = new Dictionary<OnnxNode, IReadOnlyList<OnnxNode>>();
                var names = new GraphNames(model.Graph);
                OnnxNode? unknown = null;
                foreach (OnnxNode node in order.Where(IsIf))
                {
                    bool? taken = Condition(node, probes);
                    if (taken == null)
                    {
                        // Its condition may read the output of an If inlined in this round (two LRNs in a row): the next round
                        // knows more. An If whose condition stays unknown once no other can be inlined is refused.
                        unknown ??= node;
                        continue;
                    }

                    replaced[node] = Branch(node, taken.Value, names, ref nextIndex);
                }

                if (replaced.Count == 0)
                {
                    throw new GraphException(unknown!.Name, unknown.OpType,
                        $"its condition '{unknown.Input(0)}' is not a constant once shapes are known, so ConvAD cannot tell which branch runs "
                        + "(an If is supported only where its condition follows from the model's shapes, as torch writes it for nn.LocalResponseNorm)");
                }

                var nodes = model.Graph.Nodes.SelectMany(n => replaced.TryGetValue(n, out IReadOnlyList<OnnxNode>? branch) ? branch : new[] { n }).ToList();
                OnnxGraph g = model.Graph;
                model = new OnnxModel(model.IrVersion, model.Opsets, new OnnxGraph(g.Name, nodes, g.Inputs, g.Outputs, g.ValueInfos, g.Initializers),
                    model.GraphRange, model.Producer);
            }

            // The inlined nodes sat in subgraphs, which the reader checked with the subgraphs' own initializers: check the graph
            // as it will run, with the main graph's (a window's weights, a Reshape's target).
            Validation.ModelValidator.Validate(model);
            return model;
        }

        private static bool IsIf(OnnxNode node) => node.OpType == "If" && node.Domain.Length == 0;

        private static ShapeInference? Probe(OnnxModel model, IReadOnlyList<OnnxNode> order, ModelInput image,
            IReadOnlyDictionary<string, long[]> inputDims, long batch, bool first, CancellationToken cancellation)
        {
            var dims = inputDims.ToDictionary(d => d.Key, d => (long[])d.Value.Clone(), StringComparer.Ordinal);
            dims[image.Name][image.Layout.BatchAxis] = batch;
            try
            {
                return ShapeInference.Run(model, order, dims, cancellation);
            }
            catch (ShapeException) when (!first)
            {
                return null; // a graph that fixes its batch: its conditions cannot be shown not to depend on it
            }
        }

        /// <summary>The branch the If takes (true: then_branch), or null while its condition is unknown.</summary>
        private static bool? Condition(OnnxNode node, ShapeInference?[] probes)
        {
            string condition = node.Input(0);
            FoldedTensor? first = probes[0]?.ValueOf(condition);
            if (first == null)
            {
                return null;
            }

            if (first.Values.Length != 1)
            {
                throw new GraphException(node.Name, node.OpType, $"its condition '{condition}' has {first.Values.Length} values; an If's condition has one");
            }

            for (int i = 1; i < probes.Length; i++)
            {
                FoldedTensor? other = probes[i]?.ValueOf(condition);
                if (other == null || other.Values.Length != 1 || (other.Values[0] != 0) != (first.Values[0] != 0))
                {
                    string at = other == null || other.Values.Length != 1 ? "cannot be folded" : other.Values[0] != 0 ? "is true" : "is false";
                    throw new GraphException(node.Name, node.OpType,
                        $"its condition '{condition}' depends on the batch size (it is {(first.Values[0] != 0 ? "true" : "false")} for a batch of "
                        + $"{ProbeBatches[0]} and {at} for a batch of {ProbeBatches[i]}), and ConvAD runs a model at any batch size");
                }
            }

            return first.Values[0] != 0;
        }

        /// <summary>The nodes of the branch taken, renamed to live in the main graph: the branch's outputs become the If's.</summary>
        private static IReadOnlyList<OnnxNode> Branch(OnnxNode node, bool taken, GraphNames names, ref int nextIndex)
        {
            string which = taken ? "then_branch" : "else_branch";
            OnnxGraph? branch = node.Attributes.TryGetValue(which, out OnnxAttribute? a) ? a.Graph : null;
            if (branch == null)
            {
                throw new GraphException(node.Name, node.OpType, $"the If takes its {which}, and the node has no such graph attribute");
            }

            if (branch.Inputs.Count > 0 || branch.Outputs.Count != node.Outputs.Count)
            {
                throw new GraphException(node.Name, node.OpType,
                    $"its {which} has {branch.Inputs.Count} inputs and {branch.Outputs.Count} outputs; an If's branch has none and one per output of the If ({node.Outputs.Count})");
            }

            if (branch.Initializers.Count > 0)
            {
                throw new GraphException(node.Name, node.OpType,
                    $"its {which} has initializers of its own ('{branch.Initializers.Keys.First()}'), which ConvAD does not inline");
            }

            // The branch's outputs are the If's; a value computed only inside the branch keeps its name unless the main graph
            // already has it (a subgraph may reuse a name its parent also uses), then it is prefixed with the If's name.
            var rename = new Dictionary<string, string>(StringComparer.Ordinal);
            var produced = new HashSet<string>(branch.Nodes.SelectMany(n => n.Outputs).Where(o => o.Length > 0), StringComparer.Ordinal);
            for (int i = 0; i < branch.Outputs.Count; i++)
            {
                if (produced.Contains(branch.Outputs[i].Name))
                {
                    rename[branch.Outputs[i].Name] = node.Outputs[i];
                }
            }

            foreach (string value in produced.Where(v => !rename.ContainsKey(v)))
            {
                rename[value] = names.Value(value, node.Name);
            }

            var result = new List<OnnxNode>();
            foreach (OnnxNode n in branch.Nodes)
            {
                string[] inputs = n.Inputs.Select(i => rename.TryGetValue(i, out string? r) ? r : i).ToArray();
                string[] outputs = n.Outputs.Select(o => rename.TryGetValue(o, out string? r) ? r : o).ToArray();
                result.Add(new OnnxNode(nextIndex++, names.Node(n.Name, node.Name), n.OpType, n.Domain, inputs, outputs, Renamed(n.Attributes, rename),
                    n.AttributeRanges, n.Range, renamed: true));
            }

            // A branch that returns a value of the graph around it (or an input of the If's scope) computes nothing: an Identity
            // gives that value the If's output name.
            for (int i = 0; i < branch.Outputs.Count; i++)
            {
                if (!produced.Contains(branch.Outputs[i].Name))
                {
                    result.Add(new OnnxNode(nextIndex++, names.Node(node.Name + "/" + which + "/Identity", node.Name), "Identity", "",
                        new[] { branch.Outputs[i].Name }, new[] { node.Outputs[i] }, new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal),
                        Array.Empty<ByteRange>(), default, renamed: true));
                }
            }

            return result;
        }

        /// <summary>
        /// A node's attributes with the values <paramref name="rename"/> renames also renamed where a nested subgraph (an If in
        /// the branch taken, inlined in a later round) reads them; a subgraph's own values shadow the renaming inside it.
        /// </summary>
        private static IReadOnlyDictionary<string, OnnxAttribute> Renamed(IReadOnlyDictionary<string, OnnxAttribute> attributes, IReadOnlyDictionary<string, string> rename)
        {
            if (attributes.Values.All(a => a.Graphs.Count == 0))
            {
                return attributes;
            }

            return attributes.ToDictionary(kv => kv.Key, kv => kv.Value.Graphs.Count == 0 ? kv.Value
                : new OnnxAttribute(kv.Value.Name, kv.Value.Type, kv.Value.F, kv.Value.I, kv.Value.S, kv.Value.Ints, kv.Value.Floats, kv.Value.Tensor,
                    kv.Value.Graphs.Select(g => Renamed(g, rename)).ToArray()), StringComparer.Ordinal);
        }

        private static OnnxGraph Renamed(OnnxGraph graph, IReadOnlyDictionary<string, string> rename)
        {
            var own = new HashSet<string>(graph.Inputs.Select(i => i.Name).Concat(graph.Initializers.Keys).Concat(graph.Nodes.SelectMany(n => n.Outputs)),
                StringComparer.Ordinal);
            var inner = rename.Where(kv => !own.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            string Map(string name) => inner.TryGetValue(name, out string? r) ? r : name;
            var nodes = graph.Nodes.Select(n => new OnnxNode(n.Index, n.Name, n.OpType, n.Domain, n.Inputs.Select(Map).ToArray(), n.Outputs.ToArray(),
                Renamed(n.Attributes, inner), n.AttributeRanges, n.Range, renamed: true)).ToList();
            var outputs = graph.Outputs.Select(o => new OnnxValueInfo(Map(o.Name), o.ElementType, o.Shape)).ToList();
            return new OnnxGraph(graph.Name, nodes, graph.Inputs, outputs, graph.ValueInfos, graph.Initializers);
        }

        /// <summary>The node and value names a graph uses, so that inlined ones never collide with them.</summary>
        private sealed class GraphNames
        {
            private readonly HashSet<string> _nodes = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> _values = new HashSet<string>(StringComparer.Ordinal);

            public GraphNames(OnnxGraph graph)
            {
                _nodes.UnionWith(graph.Nodes.Select(n => n.Name));
                _values.UnionWith(graph.Inputs.Select(i => i.Name).Concat(graph.Outputs.Select(o => o.Name)).Concat(graph.Initializers.Keys)
                    .Concat(graph.Nodes.SelectMany(n => n.Outputs)));
            }

            public string Node(string name, string ifName) => Unique(_nodes, name, ifName);

            public string Value(string name, string ifName) => Unique(_values, name, ifName);

            private static string Unique(HashSet<string> used, string name, string ifName)
            {
                string candidate = name;
                for (int i = 1; !used.Add(candidate); i++)
                {
                    candidate = $"{ifName}/{name}" + (i > 1 ? "_" + i : "");
                }

                return candidate;
            }
        }
    }
}
