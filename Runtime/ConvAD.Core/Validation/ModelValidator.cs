using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Validation
{
    /// <summary>
    /// Checks a model as ONNX defines it, and against <see cref="ModelLimits"/>, before anything runs or is allocated
    /// from it: opset versions, the attributes of the ops the plan reads (windows, Gemm, Reshape), declared and stored
    /// sizes (all products in checked 64-bit arithmetic), tensors in external files. <see cref="OnnxReader"/> calls it
    /// on every model it reads, so the engine, the GPU runtime, the CLI and the generator refuse the same models.
    /// </summary>
    internal partial class ModelValidator
    {
        /// <summary>Throws <see cref="ModelValidationException"/> for the first rule the model breaks.</summary>
        public static void Validate(OnnxModel model)
        {
            CheckOpsets(model);
            OnnxGraph graph = model.Graph;
            foreach (OnnxValueInfo value in graph.Inputs.Concat(graph.Outputs).Concat(graph.ValueInfos))
            {
                CheckDeclaredDims(value);
            }

            foreach (OnnxValueInfo input in graph.Inputs.Where(i => !graph.Initializers.ContainsKey(i.Name)))
            {
                CheckInputSize(input);
            }

            CheckGraph(model, graph, Array.Empty<HashSet<string>>());
        }

        /// <summary>
        /// A graph's initializers and nodes, then, one level deeper, its nodes' subgraphs (an If's branches), whose nodes may also
        /// read the values of the graphs around them (<paramref name="outer"/>, the values of each, innermost last).
        /// </summary>
        private static void CheckGraph(OnnxModel model, OnnxGraph graph, IReadOnlyList<HashSet<string>> outer)
        {
            foreach (OnnxTensor tensor in graph.Initializers.Values)
            {
                CheckTensor(tensor, "", "", $"initializer '{tensor.Name}'");
            }

            // ONNX graphs are closed: every input a node reads is a graph input, an initializer or some node's output
            // (of this graph, or, in a subgraph, of a graph around it).
            var produced = new HashSet<string>(graph.Inputs.Select(i => i.Name).Concat(graph.Initializers.Keys).Concat(graph.Nodes.SelectMany(n => n.Outputs)), StringComparer.Ordinal);
            HashSet<string>[] scopes = outer.Append(produced).ToArray();
            foreach (OnnxNode node in graph.Nodes)
            {
                CheckNodeDomain(model, node);
                if (node.Outputs.Count == 0)
                {
                    // Every ONNX op has at least one output (found by fuzzing: a Pad without one reached the plan builder).
                    throw Invalid(node.Name, node.OpType, "the node has no output");
                }

                foreach (string input in node.Inputs)
                {
                    if (input.Length > 0 && !scopes.Any(s => s.Contains(input)))
                    {
                        throw Invalid(node.Name, node.OpType, $"input '{input}' is produced by no node, graph input or initializer");
                    }
                }

                foreach (OnnxAttribute attribute in node.Attributes.Values.Where(a => a.Tensor != null))
                {
                    CheckTensor(attribute.Tensor!, node.Name, node.OpType, $"the tensor of attribute '{attribute.Name}'");
                }

                if (node.Domain.Length == 0)
                {
                    CheckAttributes(node, graph);
                }

                foreach (OnnxGraph subgraph in node.Attributes.Values.SelectMany(a => a.Graphs))
                {
                    foreach (OnnxValueInfo value in subgraph.Inputs.Concat(subgraph.Outputs).Concat(subgraph.ValueInfos))
                    {
                        CheckDeclaredDims(value);
                    }

                    CheckGraph(model, subgraph, scopes);
                }
            }
        }

        private static void CheckOpsets(OnnxModel model)
        {
            foreach (KeyValuePair<string, long> opset in model.Opsets)
            {
                string domain = opset.Key.Length == 0 ? "the default domain (ai.onnx)" : $"domain '{opset.Key}'";
                if (opset.Value < 1)
                {
                    throw Invalid("", "", $"the model imports opset {opset.Value} of {domain}; opset versions start at 1");
                }

                long newest = opset.Key.Length == 0 ? ModelLimits.MaxDefaultOpset : opset.Key == "ai.onnx.ml" ? ModelLimits.MaxMlOpset : long.MaxValue;
                if (opset.Value > newest)
                {
                    throw Invalid("", "", $"the model imports opset {opset.Value} of {domain}, which does not exist (the newest known is {newest})");
                }
            }
        }

        private static void CheckNodeDomain(OnnxModel model, OnnxNode node)
        {
            // ONNX requires every node's domain to be imported: its opset version says what the op means.
            if (!model.Opsets.ContainsKey(node.Domain))
            {
                string domain = node.Domain.Length == 0 ? "the default domain (ai.onnx)" : $"domain '{node.Domain}'";
                throw Invalid(node.Name, node.OpType, $"the model imports no opset of {domain}, so the op has no defined meaning");
            }
        }

        private static void CheckDeclaredDims(OnnxValueInfo value)
        {
            if (value.Shape == null)
            {
                return;
            }

            for (int axis = 0; axis < value.Shape.Length; axis++)
            {
                long? d = value.Shape[axis].Value;
                if (d < 0)
                {
                    throw Invalid("", "", $"'{value.Name}' declares dimension {axis} as {d}; dimensions are not negative");
                }

                if (d > ModelLimits.MaxDimension)
                {
                    throw OverLimit("", "", $"'{value.Name}' declares dimension {axis} as {d}, over the limit of {ModelLimits.MaxDimension}");
                }
            }
        }

        /// <summary>One image of the input must fit the engines' buffers (and the generator's int constants).</summary>
        private static void CheckInputSize(OnnxValueInfo input)
        {
            if (input.Shape == null)
            {
                return;
            }

            long elements = 1;
            for (int axis = 1; axis < input.Shape.Length; axis++)
            {
                long d = input.Shape[axis].Value ?? 1;
                if (input.Shape.Length == 4 && d > ModelLimits.MaxInputSide)
                {
                    throw OverLimit("", "", $"input '{input.Name}' declares dimension {axis} as {d}; an image input may be at most {ModelLimits.MaxInputSide} on a side");
                }

                elements = checked(elements * d); // each d ≤ MaxDimension (2^24), at most 64 axes, and the running product stays ≤ 2^28 below
                if (elements > ModelLimits.MaxInputElements)
                {
                    throw OverLimit("", "", $"input '{input.Name}' {Format(input.Shape)} holds more than {ModelLimits.MaxInputElements} values per image");
                }
            }
        }

        private static void CheckTensor(OnnxTensor tensor, string node, string op, string what)
        {
            if (tensor.IsExternal)
            {
                throw new ModelValidationException(ModelRule.ExternalData, node, op,
                    $"{what} keeps its data in an external file, which ConvAD does not load (save the model with its data inside: onnx.save(model, path, save_as_external_data=False))");
            }

            long elements = 1;
            foreach (long d in tensor.Dims)
            {
                // Dims are ≥ 0 (the reader checks), so the product only grows; stop before it can overflow.
                if (d != 0 && elements > ModelLimits.MaxTensorElements / d)
                {
                    throw OverLimit(node, op, $"{what} declares dims [{string.Join(",", tensor.Dims)}]: more than {ModelLimits.MaxTensorElements} elements");
                }

                elements *= d;
            }

            int size = tensor.ElementType.Size();
            if (tensor.RawDataLength >= 0 && size > 0 && tensor.RawDataLength != elements * size)
            {
                throw Invalid(node, op, $"{what} declares dims [{string.Join(",", tensor.Dims)}] ({elements} × {size} bytes) but holds {tensor.RawDataLength} bytes");
            }
        }

        private static string Format(Dim[] shape) => "[" + string.Join(",", shape.Select(d => d.ToString())) + "]";

        private static ModelValidationException Invalid(string node, string op, string reason) =>
            new ModelValidationException(ModelRule.Onnx, node, op, reason);

        private static ModelValidationException OverLimit(string node, string op, string reason) =>
            new ModelValidationException(ModelRule.Limit, node, op, reason);
    }
}
