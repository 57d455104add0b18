using System;
using System.Collections.Generic;
using System.IO;

namespace ConvAD.Onnx
{
    /// <summary>
    /// Reads an ONNX model's structure. Weight payloads are skipped by seeking; only small integer and
    /// float constants are decoded. Never reads past the stream and fails only with <see cref="OnnxFormatException"/>;
    /// a well-formed file that breaks a rule of ONNX or a size limit fails with its subclass
    /// <see cref="Validation.ModelValidationException"/> (<see cref="Validation.ModelValidator"/>).
    /// </summary>
    internal static class OnnxReader
    {
        /// <summary>Integer tensors up to this many elements are decoded (shapes, axes, pads, …).</summary>
        private const int MaxDecodedInts = 4096;

        /// <summary>Float tensors up to this many elements are decoded (scalars such as Clip bounds).</summary>
        private const int MaxDecodedFloats = 64;

        /// <summary>Nodes in the whole model, its subgraphs' nodes included.</summary>
        private const int MaxNodes = 1_000_000;
        private const int MaxDims = 64;
        private const int MaxNestedGraphDepth = 8;

        public static OnnxModel Read(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            return Read(stream);
        }

        public static OnnxModel Read(byte[] bytes)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return Read(stream);
        }

        public static OnnxModel Read(Stream stream)
        {
            if (!stream.CanSeek)
            {
                throw new ArgumentException("the ONNX reader needs a seekable stream", nameof(stream));
            }

            try
            {
                return ReadModel(new ProtoReader(stream, 0, stream.Length));
            }
            catch (IOException e)
            {
                throw new OnnxFormatException("cannot read the model: " + e.Message);
            }
        }

        private static OnnxModel ReadModel(ProtoReader r)
        {
            long irVersion = 0;
            var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
            OnnxGraph? graph = null;
            ByteRange graphRange = default;
            string producer = "";
            while (r.TryReadKey(out int field, out WireType wt))
            {
                switch (field)
                {
                    case OnnxProto.Model.IrVersion when wt == WireType.Varint:
                        irVersion = r.ReadInt64();
                        break;
                    case OnnxProto.Model.ProducerName when wt == WireType.LengthDelimited:
                        producer = r.ReadString();
                        break;
                    case OnnxProto.Model.Graph when wt == WireType.LengthDelimited:
                        if (graph != null)
                        {
                            throw new OnnxFormatException("the model has more than one graph");
                        }

                        ProtoReader g = r.ReadMessage(out graphRange);
                        graph = ReadGraph(g, 0, new NodeCount());
                        r.SeekPast(graphRange);
                        break;
                    case OnnxProto.Model.OpsetImport when wt == WireType.LengthDelimited:
                        ProtoReader o = r.ReadMessage(out ByteRange opsetRange);
                        ReadOpset(o, opsets);
                        r.SeekPast(opsetRange);
                        break;
                    default:
                        r.SkipField(wt);
                        break;
                }
            }

            if (graph == null)
            {
                throw new OnnxFormatException("no graph found: this is not an ONNX model");
            }

            if (irVersion <= 0 || irVersion > 100)
            {
                throw new OnnxFormatException($"ir_version {irVersion} is not a valid ONNX IR version: this is not an ONNX model");
            }

            var model = new OnnxModel(irVersion, opsets, graph, graphRange, producer);
            Validation.ModelValidator.Validate(model);
            return model;
        }

        private static void ReadOpset(ProtoReader r, Dictionary<string, long> opsets)
        {
            string domain = "";
            long version = 0;
            while (r.TryReadKey(out int field, out WireType wt))
            {
                if (field == OnnxProto.OperatorSetId.Domain && wt == WireType.LengthDelimited)
                {
                    domain = r.ReadString();
                }
                else if (field == OnnxProto.OperatorSetId.Version && wt == WireType.Varint)
                {
                    version = r.ReadInt64();
                }
                else
                {
                    r.SkipField(wt);
                }
            }

            opsets[domain == "ai.onnx" ? "" : domain] = version;
        }

        /// <summary>The nodes read so far, across the main graph and every subgraph.</summary>
        private sealed class NodeCount
        {
            public int Value;
        }

        private static OnnxGraph ReadGraph(ProtoReader r, int depth, NodeCount count)
        {
            if (depth > MaxNestedGraphDepth)
            {
                throw new OnnxFormatException("subgraphs nested too deeply");
            }

            string name = "";
            var nodes = new List<OnnxNode>();
            var inputs = new List<OnnxValueInfo>();
            var outputs = new List<OnnxValueInfo>();
            var valueInfos = new List<OnnxValueInfo>();
            var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
            while (r.TryReadKey(out int field, out WireType wt))
            {
                if (wt != WireType.LengthDelimited)
                {
                    r.SkipField(wt);
                    continue;
                }

                switch (field)
                {
                    case OnnxProto.Graph.Node:
                        if (++count.Value > MaxNodes)
                        {
                            throw new OnnxFormatException($"more than {MaxNodes} nodes");
                        }

                        ProtoReader n = r.ReadMessage(out ByteRange nodeRange);
                        nodes.Add(ReadNode(n, nodes.Count, nodeRange, depth, count));
                        r.SeekPast(nodeRange);
                        break;
                    case OnnxProto.Graph.Name:
                        name = r.ReadString();
                        break;
                    case OnnxProto.Graph.Initializer:
                        ProtoReader t = r.ReadMessage(out ByteRange tensorRange);
                        OnnxTensor tensor = ReadTensor(t, tensorRange);
                        initializers[tensor.Name] = tensor;
                        r.SeekPast(tensorRange);
                        break;
                    case OnnxProto.Graph.Input:
                    case OnnxProto.Graph.Output:
                    case OnnxProto.Graph.ValueInfo:
                        ProtoReader v = r.ReadMessage(out ByteRange valueRange);
                        OnnxValueInfo info = ReadValueInfo(v);
                        r.SeekPast(valueRange);
                        (field == OnnxProto.Graph.Input ? inputs : field == OnnxProto.Graph.Output ? outputs : valueInfos).Add(info);
                        break;
                    default:
                        r.SkipLengthDelimited();
                        break;
                }
            }

            return new OnnxGraph(name, nodes, inputs, outputs, valueInfos, initializers);
        }

        private static OnnxNode ReadNode(ProtoReader r, int index, ByteRange range, int depth, NodeCount count)
        {
            var inputs = new List<string>();
            var outputs = new List<string>();
            string name = "";
            string opType = "";
            string domain = "";
            var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
            var attributeRanges = new List<ByteRange>();
            while (r.TryReadKey(out int field, out WireType wt))
            {
                if (wt != WireType.LengthDelimited)
                {
                    r.SkipField(wt);
                    continue;
                }

                switch (field)
                {
                    case OnnxProto.Node.Input:
                        inputs.Add(r.ReadString());
                        break;
                    case OnnxProto.Node.Output:
                        outputs.Add(r.ReadString());
                        break;
                    case OnnxProto.Node.Name:
                        name = r.ReadString();
                        break;
                    case OnnxProto.Node.OpType:
                        opType = r.ReadString();
                        break;
                    case OnnxProto.Node.Attribute:
                        ProtoReader a = r.ReadMessage(out ByteRange attributeRange);
                        OnnxAttribute attribute = ReadAttribute(a, depth, count);
                        attributes[attribute.Name] = attribute;
                        attributeRanges.Add(attributeRange);
                        r.SeekPast(attributeRange);
                        break;
                    case OnnxProto.Node.Domain:
                        domain = r.ReadString();
                        break;
                    default:
                        r.SkipLengthDelimited();
                        break;
                }
            }

            if (opType.Length == 0)
            {
                throw new OnnxFormatException($"node #{index} has no op_type");
            }

            if (domain == "ai.onnx")
            {
                domain = "";
            }

            if (name.Length == 0)
            {
                name = $"#{index} {opType}";
            }

            return new OnnxNode(index, name, opType, domain, inputs.ToArray(), outputs.ToArray(), attributes, attributeRanges, range);
        }

        private static OnnxAttribute ReadAttribute(ProtoReader r, int depth, NodeCount count)
        {
            string name = "";
            var type = AttributeType.Undefined;
            float f = 0;
            long i = 0;
            string s = "";
            var ints = new List<long>();
            var floats = new List<float>();
            OnnxTensor? tensor = null;
            var graphs = new List<OnnxGraph>();
            while (r.TryReadKey(out int field, out WireType wt))
            {
                switch (field)
                {
                    case OnnxProto.Attribute.Name when wt == WireType.LengthDelimited:
                        name = r.ReadString();
                        break;
                    case OnnxProto.Attribute.Float when wt == WireType.Fixed32:
                        f = r.ReadFloat();
                        break;
                    case OnnxProto.Attribute.Int when wt == WireType.Varint:
                        i = r.ReadInt64();
                        break;
                    case OnnxProto.Attribute.String when wt == WireType.LengthDelimited:
                        // Attribute strings are short identifiers (modes, auto_pad); long blobs are skipped.
                        ByteRange sRange = r.SkipLengthDelimited();
                        s = sRange.Length <= 256 ? ReadStringAt(r, sRange) : "";
                        break;
                    case OnnxProto.Attribute.Tensor when wt == WireType.LengthDelimited:
                        ProtoReader t = r.ReadMessage(out ByteRange tensorRange);
                        tensor = ReadTensor(t, tensorRange);
                        r.SeekPast(tensorRange);
                        break;
                    case OnnxProto.Attribute.Graph when wt == WireType.LengthDelimited:
                    case OnnxProto.Attribute.Graphs when wt == WireType.LengthDelimited:
                        // Subgraphs (an If's branches, a Loop's body) are read like the main graph, one level deeper, so that
                        // an If whose condition is known at load time can be replaced by its branch (Plan/ConstantConditions).
                        ProtoReader g = r.ReadMessage(out ByteRange graphRange);
                        graphs.Add(ReadGraph(g, depth + 1, count));
                        r.SeekPast(graphRange);
                        break;
                    case OnnxProto.Attribute.Floats:
                        r.ReadFloats(wt, floats, MaxDecodedInts);
                        break;
                    case OnnxProto.Attribute.Ints:
                        r.ReadInt64s(wt, ints, MaxDecodedInts);
                        break;
                    case OnnxProto.Attribute.Type when wt == WireType.Varint:
                        type = (AttributeType)r.ReadInt32();
                        break;
                    default:
                        r.SkipField(wt);
                        break;
                }
            }

            if (type == AttributeType.Undefined)
            {
                // Very old exporters omit the type; infer it from the field that was set.
                type = tensor != null ? AttributeType.Tensor : graphs.Count > 0 ? AttributeType.Graph : ints.Count > 0 ? AttributeType.Ints :
                    floats.Count > 0 ? AttributeType.Floats : s.Length > 0 ? AttributeType.String : f != 0 ? AttributeType.Float : AttributeType.Int;
            }

            return new OnnxAttribute(name, type, f, i, s, ints.ToArray(), floats.ToArray(), tensor, graphs);
        }

        private static string ReadStringAt(ProtoReader r, ByteRange range) =>
            System.Text.Encoding.UTF8.GetString(r.ReadAt(range));

        private static OnnxTensor ReadTensor(ProtoReader r, ByteRange range)
        {
            var dims = new List<long>();
            var dataType = TensorElementType.Undefined;
            string name = "";
            var int64s = new List<long>();
            var floats = new List<float>();
            ByteRange raw = default;
            bool hasRaw = false;
            bool external = false;
            while (r.TryReadKey(out int field, out WireType wt))
            {
                switch (field)
                {
                    case OnnxProto.Tensor.Dims:
                        r.ReadInt64s(wt, dims, MaxDims);
                        break;
                    case OnnxProto.Tensor.DataType when wt == WireType.Varint:
                        dataType = (TensorElementType)r.ReadInt32();
                        break;
                    case OnnxProto.Tensor.Name when wt == WireType.LengthDelimited:
                        name = r.ReadString();
                        break;
                    case OnnxProto.Tensor.RawData when wt == WireType.LengthDelimited:
                        raw = r.SkipLengthDelimited();
                        hasRaw = true;
                        break;
                    case OnnxProto.Tensor.FloatData when floats.Count < MaxDecodedFloats:
                        r.ReadFloats(wt, floats, int.MaxValue);
                        break;
                    case OnnxProto.Tensor.Int32Data when int64s.Count < MaxDecodedInts:
                    case OnnxProto.Tensor.Int64Data when int64s.Count < MaxDecodedInts:
                        r.ReadInt64s(wt, int64s, int.MaxValue);
                        break;
                    case OnnxProto.Tensor.DataLocation when wt == WireType.Varint:
                        external = r.ReadInt64() == OnnxProto.DataLocationExternal;
                        break;
                    default:
                        r.SkipField(wt);
                        break;
                }
            }

            foreach (long d in dims)
            {
                if (d < 0)
                {
                    throw new OnnxFormatException($"tensor '{name}' has a negative dimension");
                }
            }

            long count = 1;
            foreach (long d in dims)
            {
                count = d == 0 ? 0 : count > long.MaxValue / d ? long.MaxValue : count * d;
            }

            long[]? intValues = null;
            float[]? floatValues = null;
            bool isInt = dataType == TensorElementType.Int64 || dataType == TensorElementType.Int32 || dataType == TensorElementType.Int8 ||
                dataType == TensorElementType.UInt8 || dataType == TensorElementType.Int16 || dataType == TensorElementType.UInt16 ||
                dataType == TensorElementType.Bool || dataType == TensorElementType.UInt32;
            if (!external && isInt && count <= MaxDecodedInts)
            {
                intValues = hasRaw ? r.DecodeRawIntegers(raw, dataType, count) : int64s.Count == count ? int64s.ToArray() : null;
            }
            else if (!external && (dataType == TensorElementType.Float || dataType == TensorElementType.Float16 || dataType == TensorElementType.Double) && count <= MaxDecodedFloats)
            {
                if (hasRaw)
                {
                    floatValues = r.DecodeRawFloats(raw, dataType, count);
                }
                else if (dataType == TensorElementType.Float && floats.Count == count)
                {
                    floatValues = floats.ToArray();
                }
                else if (dataType == TensorElementType.Float16 && int64s.Count == count)
                {
                    floatValues = new float[count];
                    for (int i = 0; i < count; i++)
                    {
                        floatValues[i] = Float16Bits.ToSingle((ushort)int64s[i]);
                    }
                }
            }

            return new OnnxTensor(name, dataType, dims.ToArray(), intValues, floatValues, external, range, hasRaw ? raw.Length : -1);
        }

        private static OnnxValueInfo ReadValueInfo(ProtoReader r)
        {
            string name = "";
            var elementType = TensorElementType.Undefined;
            Dim[]? shape = null;
            while (r.TryReadKey(out int field, out WireType wt))
            {
                if (field == OnnxProto.ValueInfo.Name && wt == WireType.LengthDelimited)
                {
                    name = r.ReadString();
                }
                else if (field == OnnxProto.ValueInfo.Type && wt == WireType.LengthDelimited)
                {
                    ProtoReader type = r.ReadMessage(out ByteRange typeRange);
                    while (type.TryReadKey(out int tf, out WireType twt))
                    {
                        if (tf == OnnxProto.Type.TensorType && twt == WireType.LengthDelimited)
                        {
                            ProtoReader tensorType = type.ReadMessage(out ByteRange ttRange);
                            ReadTensorType(tensorType, ref elementType, ref shape);
                            type.SeekPast(ttRange);
                        }
                        else
                        {
                            type.SkipField(twt);
                        }
                    }

                    r.SeekPast(typeRange);
                }
                else
                {
                    r.SkipField(wt);
                }
            }

            return new OnnxValueInfo(name, elementType, shape);
        }

        private static void ReadTensorType(ProtoReader r, ref TensorElementType elementType, ref Dim[]? shape)
        {
            while (r.TryReadKey(out int field, out WireType wt))
            {
                if (field == OnnxProto.TensorType.ElementType && wt == WireType.Varint)
                {
                    elementType = (TensorElementType)r.ReadInt32();
                }
                else if (field == OnnxProto.TensorType.Shape && wt == WireType.LengthDelimited)
                {
                    ProtoReader s = r.ReadMessage(out ByteRange shapeRange);
                    var dims = new List<Dim>();
                    while (s.TryReadKey(out int sf, out WireType swt))
                    {
                        if (sf == OnnxProto.TensorShape.Dim && swt == WireType.LengthDelimited)
                        {
                            if (dims.Count >= MaxDims)
                            {
                                throw new OnnxFormatException($"more than {MaxDims} dimensions");
                            }

                            ProtoReader d = s.ReadMessage(out ByteRange dimRange);
                            long? value = null;
                            string? param = null;
                            while (d.TryReadKey(out int df, out WireType dwt))
                            {
                                if (df == OnnxProto.Dimension.DimValue && dwt == WireType.Varint)
                                {
                                    value = d.ReadInt64();
                                }
                                else if (df == OnnxProto.Dimension.DimParam && dwt == WireType.LengthDelimited)
                                {
                                    param = d.ReadString();
                                }
                                else
                                {
                                    d.SkipField(dwt);
                                }
                            }

                            s.SeekPast(dimRange);
                            dims.Add(new Dim(value, param));
                        }
                        else
                        {
                            s.SkipField(swt);
                        }
                    }

                    r.SeekPast(shapeRange);
                    shape = dims.ToArray();
                }
                else
                {
                    r.SkipField(wt);
                }
            }
        }
    }
}
