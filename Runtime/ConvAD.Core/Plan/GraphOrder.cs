using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Plan
{
    /// <summary>Orders a graph's nodes so that every tensor is produced before it is read.</summary>
    internal static class GraphOrder
    {
        public static IReadOnlyList<OnnxNode> Topological(OnnxGraph graph)
        {
            var available = new HashSet<string>(graph.Initializers.Keys, StringComparer.Ordinal);
            available.UnionWith(graph.Inputs.Select(i => i.Name));
            available.Add("");
            var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
            foreach (OnnxNode n in graph.Nodes)
            {
                foreach (string o in n.Outputs.Where(o => o.Length > 0))
                {
                    if (producers.ContainsKey(o) || available.Contains(o))
                    {
                        throw new GraphException(n.Name, n.OpType, $"tensor '{o}' is produced more than once");
                    }

                    producers[o] = n;
                }
            }

            // Fast path: files are normally in order already.
            var seen = new HashSet<string>(available, StringComparer.Ordinal);
            bool ordered = true;
            foreach (OnnxNode n in graph.Nodes)
            {
                if (n.Inputs.Any(i => !seen.Contains(i)))
                {
                    ordered = false;
                    break;
                }

                seen.UnionWith(n.Outputs);
            }

            if (ordered)
            {
                return graph.Nodes;
            }

            var result = new List<OnnxNode>(graph.Nodes.Count);
            var pending = new Dictionary<OnnxNode, int>();
            var waiting = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
            var ready = new Queue<OnnxNode>();
            foreach (OnnxNode n in graph.Nodes)
            {
                var missing = n.Inputs.Where(i => !available.Contains(i)).Distinct().ToList();
                foreach (string i in missing)
                {
                    if (!producers.ContainsKey(i))
                    {
                        throw new GraphException(n.Name, n.OpType, $"input '{i}' is produced by no node, input or initializer");
                    }

                    if (!waiting.TryGetValue(i, out var list))
                    {
                        waiting[i] = list = new List<OnnxNode>();
                    }

                    list.Add(n);
                }

                pending[n] = missing.Count;
                if (missing.Count == 0)
                {
                    ready.Enqueue(n);
                }
            }

            while (ready.Count > 0)
            {
                OnnxNode n = ready.Dequeue();
                result.Add(n);
                foreach (string o in n.Outputs)
                {
                    if (waiting.TryGetValue(o, out var consumers))
                    {
                        foreach (OnnxNode c in consumers)
                        {
                            if (--pending[c] == 0)
                            {
                                ready.Enqueue(c);
                            }
                        }
                    }
                }
            }

            if (result.Count != graph.Nodes.Count)
            {
                OnnxNode stuck = graph.Nodes.First(n => pending[n] > 0);
                throw new GraphException(stuck.Name, stuck.OpType, "the graph has a cycle");
            }

            return result;
        }
    }

    /// <summary>The graph is malformed (cycles, dangling inputs, duplicate outputs).</summary>
    public sealed class GraphException : Exception
    {
        /// <summary>A graph that cannot be ordered.</summary>
        /// <param name="node">The node at fault.</param>
        /// <param name="op">Its op type.</param>
        /// <param name="message">What is wrong, for people to read.</param>
        public GraphException(string node, string op, string message)
            : base(message)
        {
            Node = node;
            Op = op;
        }

        /// <summary>The name of the node at fault.</summary>
        public string Node { get; }

        /// <summary>The op type of the node at fault.</summary>
        public string Op { get; }
    }
}
