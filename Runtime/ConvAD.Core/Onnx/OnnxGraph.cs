using System.Collections.Generic;

namespace ConvAD.Onnx
{
    /// <summary>
    /// The structure of an ONNX model: its graph, without tensor payloads except small constants
    /// (shapes, axes, bounds) that shape inference and the ConvAD plan need.
    /// Every element remembers where it lies in the file, so a rewriter can copy it verbatim.
    /// </summary>
    internal sealed class OnnxModel
    {
        internal OnnxModel(long irVersion, IReadOnlyDictionary<string, long> opsets, OnnxGraph graph, ByteRange graphRange, string producer)
        {
            IrVersion = irVersion;
            Opsets = opsets;
            Graph = graph;
            GraphRange = graphRange;
            Producer = producer;
        }

        public long IrVersion { get; }

        /// <summary>Operator set versions by domain ("" is the default ONNX domain).</summary>
        public IReadOnlyDictionary<string, long> Opsets { get; }

        /// <summary>The version of the default ONNX domain ("ai.onnx").</summary>
        public long DefaultOpset => Opsets.TryGetValue("", out long v) ? v : Opsets.TryGetValue("ai.onnx", out long w) ? w : 0;

        public OnnxGraph Graph { get; }

        public ByteRange GraphRange { get; }

        public string Producer { get; }
    }

    internal sealed class OnnxGraph
    {
        internal OnnxGraph(string name, IReadOnlyList<OnnxNode> nodes, IReadOnlyList<OnnxValueInfo> inputs,
            IReadOnlyList<OnnxValueInfo> outputs, IReadOnlyList<OnnxValueInfo> valueInfos, IReadOnlyDictionary<string, OnnxTensor> initializers)
        {
            Name = name;
            Nodes = nodes;
            Inputs = inputs;
            Outputs = outputs;
            ValueInfos = valueInfos;
            Initializers = initializers;
        }

        public string Name { get; }

        public IReadOnlyList<OnnxNode> Nodes { get; }

        /// <summary>All graph inputs, including any that also name an initializer (older exports list those).</summary>
        public IReadOnlyList<OnnxValueInfo> Inputs { get; }

        public IReadOnlyList<OnnxValueInfo> Outputs { get; }

        public IReadOnlyList<OnnxValueInfo> ValueInfos { get; }

        public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }
    }

    internal sealed class OnnxNode
    {
        internal OnnxNode(int index, string name, string opType, string domain, string[] inputs, string[] outputs,
            IReadOnlyDictionary<string, OnnxAttribute> attributes, IReadOnlyList<ByteRange> attributeRanges, ByteRange range, bool renamed = false)
        {
            Renamed = renamed;
            Index = index;
            Name = name;
            OpType = opType;
            Domain = domain;
            Inputs = inputs;
            Outputs = outputs;
            Attributes = attributes;
            AttributeRanges = attributeRanges;
            Range = range;
        }

        /// <summary>Position in the file's node list; for a node inlined from an If's branch, a number past the main graph's nodes.</summary>
        public int Index { get; }

        /// <summary>The node's name, or a stable stand-in ("#index op") when the file gives none.</summary>
        public string Name { get; }

        public string OpType { get; }

        /// <summary>The node's domain, "" for the default ONNX domain.</summary>
        public string Domain { get; }

        public IReadOnlyList<string> Inputs { get; }

        public IReadOnlyList<string> Outputs { get; }

        public IReadOnlyDictionary<string, OnnxAttribute> Attributes { get; }

        /// <summary>Where each attribute lies in the file, in file order (for verbatim copies).</summary>
        public IReadOnlyList<ByteRange> AttributeRanges { get; }

        public ByteRange Range { get; }

        /// <summary>
        /// The node's name, inputs or outputs differ from its bytes in the file (a node of an If's branch, inlined into the main
        /// graph): a writer writes it from these fields and its <see cref="AttributeRanges"/>, never copies <see cref="Range"/>.
        /// </summary>
        public bool Renamed { get; }

        /// <summary>Input <paramref name="i"/>, or "" when absent or omitted.</summary>
        public string Input(int i) => i < Inputs.Count ? Inputs[i] : "";

        public long Int(string name, long fallback) =>
            Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Type == AttributeType.Int ? a.I : fallback;

        public float Float(string name, float fallback) =>
            Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Type == AttributeType.Float ? a.F : fallback;

        public string String(string name, string fallback) =>
            Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Type == AttributeType.String ? a.S : fallback;

        public long[]? Ints(string name) =>
            Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Type == AttributeType.Ints ? a.Ints : null;

        public override string ToString() => $"{Name} ({OpType})";
    }

    internal enum AttributeType
    {
        Undefined = 0,
        Float = 1,
        Int = 2,
        String = 3,
        Tensor = 4,
        Graph = 5,
        Floats = 6,
        Ints = 7,
        Strings = 8,
        Tensors = 9,
        Graphs = 10,
        SparseTensor = 11,
        SparseTensors = 12,
        TypeProto = 13,
        TypeProtos = 14,
    }

    internal sealed class OnnxAttribute
    {
        internal OnnxAttribute(string name, AttributeType type, float f, long i, string s, long[] ints, float[] floats, OnnxTensor? tensor,
            IReadOnlyList<OnnxGraph>? graphs = null)
        {
            Graphs = graphs ?? System.Array.Empty<OnnxGraph>();
            Name = name;
            Type = type;
            F = f;
            I = i;
            S = s;
            Ints = ints;
            Floats = floats;
            Tensor = tensor;
        }

        public string Name { get; }

        public AttributeType Type { get; }

        public float F { get; }

        public long I { get; }

        public string S { get; }

        public long[] Ints { get; }

        public float[] Floats { get; }

        public OnnxTensor? Tensor { get; }

        /// <summary>The subgraph of a graph attribute (an If's then_branch), or each of a graphs attribute's; else empty.</summary>
        public IReadOnlyList<OnnxGraph> Graphs { get; }

        /// <summary>The subgraph of a graph attribute, or null.</summary>
        public OnnxGraph? Graph => Type == AttributeType.Graph && Graphs.Count == 1 ? Graphs[0] : null;
    }

    /// <summary>An initializer or constant. Values are decoded only for small tensors.</summary>
    internal sealed class OnnxTensor
    {
        internal OnnxTensor(string name, TensorElementType elementType, long[] dims, long[]? int64Values, float[]? floatValues, bool isExternal, ByteRange range,
            long rawDataLength = -1)
        {
            RawDataLength = rawDataLength;
            Name = name;
            ElementType = elementType;
            Dims = dims;
            Int64Values = int64Values;
            FloatValues = floatValues;
            IsExternal = isExternal;
            Range = range;
        }

        public string Name { get; }

        public TensorElementType ElementType { get; }

        public long[] Dims { get; }

        /// <summary>Values of a small integer tensor (int8…int64, bool), else null.</summary>
        public long[]? Int64Values { get; }

        /// <summary>Values of a small floating-point tensor, else null.</summary>
        public float[]? FloatValues { get; }

        /// <summary>The payload is stored in a separate file (ONNX external data).</summary>
        public bool IsExternal { get; }

        public ByteRange Range { get; }

        /// <summary>Bytes in the tensor's raw_data field; -1 when its values are stored in typed fields (or not at all).</summary>
        public long RawDataLength { get; }

        public long ElementCount
        {
            get
            {
                long n = 1;
                foreach (long d in Dims)
                {
                    n *= d;
                }

                return n;
            }
        }
    }

    /// <summary>A graph input, output or value_info: a name with a tensor type and shape.</summary>
    internal sealed class OnnxValueInfo
    {
        internal OnnxValueInfo(string name, TensorElementType elementType, Dim[]? shape)
        {
            Name = name;
            ElementType = elementType;
            Shape = shape;
        }

        public string Name { get; }

        public TensorElementType ElementType { get; }

        /// <summary>The declared shape, or null when the file declares none.</summary>
        public Dim[]? Shape { get; }
    }

    /// <summary>A declared dimension: a fixed size, a symbolic name, or unknown.</summary>
    internal readonly struct Dim
    {
        public Dim(long? value, string? param)
        {
            Value = value;
            Param = param;
        }

        public long? Value { get; }

        public string? Param { get; }

        public override string ToString() => Value.HasValue ? Value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : (Param ?? "?");
    }
}
