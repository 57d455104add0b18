using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvAD.Fuzz.Mutation
{
    /// <summary>
    /// Mutations of an ONNX model that know its structure (onnx.proto's field numbers): dimensions, attributes, op
    /// types, nodes removed, duplicated, moved or rewired, initializers resized or retyped, opsets, inputs and outputs,
    /// nodes and initializers spliced in from another model. Most mutants stay well-formed protobuf, so they get past
    /// parsing into validation, shape inference, the plan and code generation, which byte flips alone rarely reach.
    /// </summary>
    internal static class OnnxMutator
    {
        // onnx.proto field numbers (the reader's are in ConvAD.Core's OnnxProto; repeated here to keep this tool's
        // mutations independent of the code under test).
        private const int ModelOpset = 8, ModelGraph = 7;
        private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12, GraphValueInfo = 13;
        private const int NodeInput = 1, NodeOutput = 2, NodeOpType = 4, NodeAttribute = 5;
        private const int AttributeName = 1, AttributeFloat = 2, AttributeInt = 3, AttributeString = 4, AttributeInts = 8, AttributeType = 20;
        private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorRawData = 9, TensorDataLocation = 14;
        private const int DimValue = 1, DimParam = 2, TensorTypeElem = 1, OpsetVersion = 2;

        private static readonly long[] InterestingInts =
        {
            0, 1, 2, 3, 4, 5, 7, 8, 16, 31, 32, 33, 64, 224, 1000, 4096, 65535, -1, -2, -1000,
            int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, 1L << 40, long.MaxValue, long.MinValue,
        };

        private static readonly string[] OpTypes =
        {
            "Conv", "Relu", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Gemm", "MatMul", "Add", "Mul",
            "Sub", "Div", "Flatten", "Reshape", "Concat", "BatchNormalization", "Pad", "Resize", "Softmax", "Sigmoid",
            "Clip", "LeakyRelu", "Dropout", "Identity", "Transpose", "Squeeze", "Unsqueeze", "ReduceMean", "LRN",
            "InstanceNormalization", "QuantizeLinear", "DequantizeLinear", "QLinearConv", "ConvTranspose", "Shape",
            "Gather", "Constant", "Split", "Slice", "Upsample", "NoSuchOp", "",
        };

        private static readonly string[] AttributeNames =
        {
            "kernel_shape", "strides", "pads", "dilations", "group", "axis", "auto_pad", "mode", "ceil_mode", "alpha",
            "beta", "epsilon", "transA", "transB", "perm", "keepdims", "axes", "count_include_pad", "value", "size",
        };

        private static readonly string[] StringValues = { "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "constant", "reflect", "edge", "wrap", "nearest", "linear", "cubic", "", "x" };

        private static readonly long[] DataTypes = { 0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 16, 17, 99 };

        private static readonly long[] Opsets = { 1, 6, 7, 9, 10, 11, 12, 13, 14, 17, 19, 21, 22, 23, 1000 };

        private delegate bool Mutation(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random);

        private static readonly (string Name, Mutation Apply)[] Mutations =
        {
            ("shape dim", ShapeDim),
            ("shape dim", ShapeDim),
            ("shape rank", ShapeRank),
            ("attribute int", AttributeIntValue),
            ("attribute int", AttributeIntValue),
            ("attribute ints length", AttributeIntsLength),
            ("attribute float", AttributeFloatValue),
            ("attribute string", AttributeStringValue),
            ("attribute removed", AttributeRemoved),
            ("attribute duplicated", AttributeDuplicated),
            ("attribute renamed", AttributeRenamed),
            ("attribute type", AttributeTypeChanged),
            ("op type", OpType),
            ("op type", OpType),
            ("node removed", NodeRemoved),
            ("node duplicated", NodeDuplicated),
            ("node moved", NodeMoved),
            ("node rewired", NodeRewired),
            ("node rewired", NodeRewired),
            ("node input count", NodeInputCount),
            ("node output renamed", NodeOutputRenamed),
            ("initializer dim", InitializerDim),
            ("initializer data type", InitializerDataType),
            ("initializer payload size", InitializerPayload),
            ("initializer removed", InitializerRemoved),
            ("initializer external", InitializerExternal),
            ("opset", OpsetChanged),
            ("input element type", InputElementType),
            ("graph input or output", GraphInputOutput),
            ("node from another model", DonorNode),
            ("initializer from another model", DonorInitializer),
        };

        /// <summary>
        /// <paramref name="count"/> structural mutations of <paramref name="seed"/> (an ONNX model), with nodes and
        /// initializers spliced from <paramref name="donor"/>; null when the seed is not a model with a graph. The
        /// names of the mutations applied are added to <paramref name="applied"/>.
        /// </summary>
        public static byte[]? Mutate(byte[] seed, byte[] donor, int count, Random random, List<string> applied)
        {
            ProtoMessage? model = ProtoMessage.Parse(OnnxSchema.Model, seed);
            ProtoMessage? graph = model?.First(ModelGraph)?.Message;
            ProtoMessage? donorGraph = ProtoMessage.Parse(OnnxSchema.Model, donor)?.First(ModelGraph)?.Message;
            if (model == null || graph == null)
            {
                return null;
            }

            donorGraph ??= graph.Clone();
            for (int done = 0, tries = 0; done < count && tries < count * 10; tries++)
            {
                (string name, Mutation apply) = Mutations[random.Next(Mutations.Length)];
                if (apply(model, graph, donorGraph, random))
                {
                    applied.Add(name);
                    done++;
                }
            }

            return model.ToBytes();
        }

        private static long Interesting(Random random, long current) => random.Next(4) switch
        {
            0 => current + random.Next(-3, 4),
            1 => random.Next(1, 300),
            _ => InterestingInts[random.Next(InterestingInts.Length)],
        };

        private static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

        private static List<ProtoField> Fields(ProtoMessage graph, string type, int number) =>
            graph.Descendants().Where(m => m.Type == type).SelectMany(m => m.Fields.Where(f => f.Number == number)).ToList();

        private static List<ProtoMessage> Messages(ProtoMessage graph, string type) =>
            graph.Descendants().Where(m => m.Type == type).ToList();

        private static List<ProtoMessage> Nodes(ProtoMessage graph) => graph.All(GraphNode).Select(f => f.Message).OfType<ProtoMessage>().ToList();

        /// <summary>Every value name the graph mentions: inputs, initializers, node outputs (what a rewiring can point at).</summary>
        private static List<string> ValueNames(ProtoMessage graph) =>
            Nodes(graph).SelectMany(n => n.All(NodeOutput).Concat(n.All(NodeInput)))
                .Concat(graph.All(GraphInput).Concat(graph.All(GraphInitializer)).Select(f => f.Message?.First(f.Number == GraphInput ? 1 : 8)).OfType<ProtoField>())
                .Select(f => f.Text).Distinct().ToList();

        private static bool ShapeDim(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoMessage> dims = Messages(graph, OnnxSchema.Dimension);
            if (dims.Count == 0)
            {
                return false;
            }

            ProtoMessage dim = Pick(dims, random);
            dim.Fields.Clear();
            switch (random.Next(6))
            {
                case 0:
                    dim.Fields.Add(ProtoField.OfString(DimParam, random.Next(2) == 0 ? "N" : "height"));
                    break;
                case 1:
                    break; // neither value nor name: an unknown dimension
                default:
                    dim.Fields.Add(ProtoField.OfVarint(DimValue, Interesting(random, 3)));
                    break;
            }

            return true;
        }

        private static bool ShapeRank(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoMessage> shapes = Messages(graph, OnnxSchema.Shape).Where(s => s.Fields.Count > 0).ToList();
            if (shapes.Count == 0)
            {
                return false;
            }

            ProtoMessage shape = Pick(shapes, random);
            int at = random.Next(shape.Fields.Count);
            if (random.Next(2) == 0)
            {
                shape.Fields.RemoveAt(at);
            }
            else
            {
                shape.Fields.Insert(at, shape.Fields[at].Clone());
            }

            return true;
        }

        private static bool AttributeIntValue(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> ints = Fields(graph, OnnxSchema.Attribute, AttributeInt).Concat(Fields(graph, OnnxSchema.Attribute, AttributeInts)).ToList();
            if (ints.Count == 0)
            {
                return false;
            }

            ProtoField field = Pick(ints, random);
            List<long>? packed = field.Number == AttributeInts ? field.PackedVarints() : null;
            if (packed != null && packed.Count > 0)
            {
                int at = random.Next(packed.Count);
                packed[at] = Interesting(random, packed[at]);
                field.SetPackedVarints(packed);
            }
            else
            {
                field.Varint = (ulong)Interesting(random, (long)field.Varint);
            }

            return true;
        }

        private static bool AttributeIntsLength(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoMessage> attributes = Messages(graph, OnnxSchema.Attribute).Where(a => a.First(AttributeInts) != null).ToList();
            if (attributes.Count == 0)
            {
                return false;
            }

            ProtoMessage attribute = Pick(attributes, random);
            List<ProtoField> ints = attribute.All(AttributeInts).ToList();
            List<long> values = ints.SelectMany(f => f.PackedVarints() ?? new List<long> { (long)f.Varint }).ToList();
            if (values.Count > 0 && random.Next(2) == 0)
            {
                values.RemoveAt(random.Next(values.Count));
            }
            else
            {
                values.Insert(random.Next(values.Count + 1), Interesting(random, 1));
            }

            attribute.Fields.RemoveAll(f => f.Number == AttributeInts);
            var replaced = new ProtoField(AttributeInts, WireType.LengthDelimited);
            replaced.SetPackedVarints(values);
            attribute.Fields.Add(replaced);
            return true;
        }

        private static bool AttributeFloatValue(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> floats = Fields(graph, OnnxSchema.Attribute, AttributeFloat).Where(f => f.WireType == WireType.Fixed32).ToList();
            if (floats.Count == 0)
            {
                return false;
            }

            float[] values = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0, -1, 1e30f, -1e-30f, float.Epsilon, 0.5f };
            Pick(floats, random).Bytes = BitConverter.GetBytes(Pick(values, random));
            return true;
        }

        private static bool AttributeStringValue(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> strings = Fields(graph, OnnxSchema.Attribute, AttributeString);
            if (strings.Count == 0)
            {
                return false;
            }

            ProtoField field = Pick(strings, random);
            field.Bytes = System.Text.Encoding.UTF8.GetBytes(Pick(StringValues, random));
            return true;
        }

        private static bool AttributeRemoved(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoMessage> nodes = Nodes(graph).Where(n => n.First(NodeAttribute) != null).ToList();
            if (nodes.Count == 0)
            {
                return false;
            }

            ProtoMessage node = Pick(nodes, random);
            List<ProtoField> attributes = node.All(NodeAttribute).ToList();
            node.Fields.Remove(Pick(attributes, random));
            return true;
        }

        private static bool AttributeDuplicated(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> attributes = Fields(graph, OnnxSchema.Node, NodeAttribute);
            List<ProtoMessage> nodes = Nodes(graph);
            if (attributes.Count == 0 || nodes.Count == 0)
            {
                return false;
            }

            // The same node twice, or another node's attribute on this one.
            Pick(nodes, random).Fields.Add(Pick(attributes, random).Clone());
            return true;
        }

        private static bool AttributeRenamed(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> names = Fields(graph, OnnxSchema.Attribute, AttributeName);
            if (names.Count == 0)
            {
                return false;
            }

            Pick(names, random).Bytes = System.Text.Encoding.UTF8.GetBytes(Pick(AttributeNames, random));
            return true;
        }

        private static bool AttributeTypeChanged(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> types = Fields(graph, OnnxSchema.Attribute, AttributeType);
            if (types.Count == 0)
            {
                return false;
            }

            Pick(types, random).Varint = (ulong)random.Next(0, 16);
            return true;
        }

        private static bool OpType(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> ops = Fields(graph, OnnxSchema.Node, NodeOpType);
            if (ops.Count == 0)
            {
                return false;
            }

            Pick(ops, random).Bytes = System.Text.Encoding.UTF8.GetBytes(random.Next(4) == 0 ? Pick(ops, random).Text : Pick(OpTypes, random));
            return true;
        }

        private static bool NodeRemoved(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random) => RemoveOne(graph, GraphNode, random);

        /// <summary>Removes one of the graph's fields numbered <paramref name="field"/> (a node, an initializer), if it has any.</summary>
        private static bool RemoveOne(ProtoMessage graph, int field, Random random)
        {
            List<ProtoField> fields = graph.All(field).ToList();
            if (fields.Count == 0)
            {
                return false;
            }

            graph.Fields.Remove(Pick(fields, random));
            return true;
        }

        private static bool NodeDuplicated(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> nodes = graph.All(GraphNode).ToList();
            if (nodes.Count == 0)
            {
                return false;
            }

            ProtoField node = Pick(nodes, random);
            graph.Fields.Insert(graph.Fields.IndexOf(node) + 1, node.Clone());
            return true;
        }

        private static bool NodeMoved(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> nodes = graph.All(GraphNode).ToList();
            if (nodes.Count < 2)
            {
                return false;
            }

            // Out of topological order: a node before the one whose output it reads.
            ProtoField node = Pick(nodes, random);
            graph.Fields.Remove(node);
            graph.Fields.Insert(graph.Fields.IndexOf(Pick(nodes.Where(n => n != node).ToList(), random)), node);
            return true;
        }

        private static bool NodeRewired(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> inputs = Fields(graph, OnnxSchema.Node, NodeInput);
            List<string> names = ValueNames(graph);
            if (inputs.Count == 0 || names.Count == 0)
            {
                return false;
            }

            Pick(inputs, random).Bytes = System.Text.Encoding.UTF8.GetBytes(random.Next(8) == 0 ? (random.Next(2) == 0 ? "" : "missing") : Pick(names, random));
            return true;
        }

        private static bool NodeInputCount(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoMessage> nodes = Nodes(graph);
            List<string> names = ValueNames(graph);
            if (nodes.Count == 0 || names.Count == 0)
            {
                return false;
            }

            ProtoMessage node = Pick(nodes, random);
            List<ProtoField> inputs = node.All(NodeInput).ToList();
            if (inputs.Count > 0 && random.Next(2) == 0)
            {
                node.Fields.Remove(inputs[random.Next(inputs.Count)]);
            }
            else
            {
                node.Fields.Insert(0, ProtoField.OfString(NodeInput, Pick(names, random)));
            }

            return true;
        }

        private static bool NodeOutputRenamed(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> outputs = Fields(graph, OnnxSchema.Node, NodeOutput);
            List<string> names = ValueNames(graph);
            if (outputs.Count == 0)
            {
                return false;
            }

            // Another value's name (two producers, or a cycle), or a name nobody reads.
            Pick(outputs, random).Bytes = System.Text.Encoding.UTF8.GetBytes(random.Next(3) == 0 ? "orphan" : Pick(names, random));
            return true;
        }

        private static bool InitializerDim(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoMessage> tensors = Messages(graph, OnnxSchema.Tensor).Where(t => t.First(TensorDims) != null).ToList();
            if (tensors.Count == 0)
            {
                return false;
            }

            ProtoMessage tensor = Pick(tensors, random);
            List<long> dims = tensor.All(TensorDims).SelectMany(f => f.WireType == WireType.Varint ? new List<long> { (long)f.Varint } : f.PackedVarints() ?? new List<long>()).ToList();
            switch (random.Next(4))
            {
                case 0 when dims.Count > 0:
                    dims.RemoveAt(random.Next(dims.Count));
                    break;
                case 1:
                    dims.Insert(random.Next(dims.Count + 1), random.Next(2) == 0 ? 1 : Interesting(random, 1));
                    break;
                default:
                    if (dims.Count == 0)
                    {
                        return false;
                    }

                    int at = random.Next(dims.Count);
                    dims[at] = Interesting(random, dims[at]);
                    break;
            }

            int first = tensor.Fields.FindIndex(f => f.Number == TensorDims);
            tensor.Fields.RemoveAll(f => f.Number == TensorDims);
            tensor.Fields.InsertRange(first, dims.Select(d => ProtoField.OfVarint(TensorDims, d)));
            return true;
        }

        private static bool InitializerDataType(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> types = Fields(graph, OnnxSchema.Tensor, TensorDataType);
            if (types.Count == 0)
            {
                return false;
            }

            Pick(types, random).Varint = (ulong)Pick(DataTypes, random);
            return true;
        }

        private static bool InitializerPayload(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> payloads = Fields(graph, OnnxSchema.Tensor, TensorRawData).Concat(Fields(graph, OnnxSchema.Tensor, TensorFloatData)).ToList();
            if (payloads.Count == 0)
            {
                return false;
            }

            ProtoField payload = Pick(payloads, random);
            int length = payload.Bytes.Length;
            int changed = random.Next(5) switch
            {
                0 => 0,
                1 => length / 2,
                2 => Math.Max(0, length - 1 - random.Next(8)),
                3 => length + 1 + random.Next(8),
                _ => length * 2,
            };
            byte[] bytes = new byte[changed];
            Array.Copy(payload.Bytes, bytes, Math.Min(length, changed));
            payload.Bytes = bytes;
            payload.WireType = WireType.LengthDelimited;
            return true;
        }

        private static bool InitializerRemoved(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random) => RemoveOne(graph, GraphInitializer, random);

        private static bool InitializerExternal(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoMessage> tensors = Messages(graph, OnnxSchema.Tensor);
            if (tensors.Count == 0)
            {
                return false;
            }

            // Data said to lie in another file, with or without its location (the generator must refuse, not read).
            ProtoMessage tensor = Pick(tensors, random);
            tensor.Fields.Add(ProtoField.OfVarint(TensorDataLocation, 1));
            if (random.Next(2) == 0)
            {
                var entry = new ProtoMessage(OnnxSchema.Entry, new List<ProtoField> { ProtoField.OfString(1, "location"), ProtoField.OfString(2, random.Next(2) == 0 ? "../../etc/passwd" : "weights.bin") });
                tensor.Fields.Add(new ProtoField(13, WireType.LengthDelimited) { Message = entry });
            }

            return true;
        }

        private static bool OpsetChanged(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> opsets = model.All(ModelOpset).ToList();
            if (opsets.Count == 0)
            {
                return false;
            }

            ProtoField opset = Pick(opsets, random);
            switch (random.Next(3))
            {
                case 0:
                    model.Fields.Remove(opset);
                    break;
                case 1:
                    model.Fields.Add(opset.Clone());
                    break;
                default:
                    ProtoField? version = opset.Message?.First(OpsetVersion);
                    if (version == null)
                    {
                        return false;
                    }

                    version.Varint = (ulong)Pick(Opsets, random);
                    break;
            }

            return true;
        }

        private static bool InputElementType(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> types = Fields(graph, OnnxSchema.TensorType, TensorTypeElem);
            if (types.Count == 0)
            {
                return false;
            }

            Pick(types, random).Varint = (ulong)Pick(DataTypes, random);
            return true;
        }

        private static bool GraphInputOutput(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            int number = Pick(new[] { GraphInput, GraphOutput, GraphValueInfo }, random);
            List<ProtoField> values = graph.All(number).ToList();
            if (values.Count == 0)
            {
                return false;
            }

            ProtoField value = Pick(values, random);
            if (random.Next(2) == 0)
            {
                graph.Fields.Remove(value);
            }
            else
            {
                ProtoField copy = value.Clone();
                copy.Number = random.Next(3) == 0 ? number : Pick(new[] { GraphInput, GraphOutput }, random);
                graph.Fields.Add(copy);
            }

            return true;
        }

        private static bool DonorNode(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> nodes = donor.All(GraphNode).ToList();
            List<ProtoField> own = graph.All(GraphNode).ToList();
            if (nodes.Count == 0)
            {
                return false;
            }

            ProtoField node = Pick(nodes, random).Clone();
            int at = own.Count == 0 ? graph.Fields.Count : graph.Fields.IndexOf(Pick(own, random));
            if (random.Next(2) == 0 && own.Count > 0)
            {
                graph.Fields[at] = node; // replaces a node: its op, attributes and wiring from the other model
            }
            else
            {
                graph.Fields.Insert(at, node);
            }

            return true;
        }

        private static bool DonorInitializer(ProtoMessage model, ProtoMessage graph, ProtoMessage donor, Random random)
        {
            List<ProtoField> tensors = donor.All(GraphInitializer).ToList();
            List<ProtoField> own = graph.All(GraphInitializer).ToList();
            if (tensors.Count == 0 || own.Count == 0)
            {
                return false;
            }

            // Another model's weights under this model's name: the right name, the wrong shape or type.
            ProtoField target = Pick(own, random);
            ProtoField replacement = Pick(tensors, random).Clone();
            ProtoField? name = target.Message?.First(8);
            ProtoField? newName = replacement.Message?.First(8);
            if (name == null || newName == null)
            {
                return false;
            }

            newName.Bytes = name.Bytes;
            graph.Fields[graph.Fields.IndexOf(target)] = replacement;
            return true;
        }
    }
}
