using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Engine
{
    /// <summary>An attribute of an emitted node.</summary>
    internal readonly record struct Attr(string Name, long? Int = null, long[]? Ints = null, float? Float = null, string? Text = null)
    {
        public void Write(ProtoWriter w)
        {
            w.String(OnnxProto.Attribute.Name, Name);
            if (Int is long i)
            {
                w.Varint(OnnxProto.Attribute.Int, i);
                w.Varint(OnnxProto.Attribute.Type, (long)AttributeType.Int);
            }
            else if (Ints != null)
            {
                foreach (long v in Ints)
                {
                    w.Varint(OnnxProto.Attribute.Ints, v);
                }

                w.Varint(OnnxProto.Attribute.Type, (long)AttributeType.Ints);
            }
            else if (Float is float f)
            {
                w.Float(OnnxProto.Attribute.Float, f);
                w.Varint(OnnxProto.Attribute.Type, (long)AttributeType.Float);
            }
            else if (Text != null)
            {
                w.String(OnnxProto.Attribute.String, Text);
                w.Varint(OnnxProto.Attribute.Type, (long)AttributeType.String);
            }
        }
    }

    /// <summary>
    /// Collects the nodes and initializers that ConvAD adds to a graph, with opset-aware helpers for
    /// the few ops whose signature changed across opsets 7–21. Names are prefixed "convad/" so they can
    /// never collide with the model's own.
    /// </summary>
    internal sealed class OnnxEmitter
    {
        private readonly ProtoWriter _nodes;
        private readonly List<byte[]> _initializers = new List<byte[]>();
        private readonly Dictionary<string, string> _constants = new Dictionary<string, string>(StringComparer.Ordinal);
        private int _counter;

        public OnnxEmitter(ProtoWriter nodes, long opset)
        {
            _nodes = nodes;
            Opset = opset;
        }

        public long Opset { get; }

        public IReadOnlyList<byte[]> Initializers => _initializers;

        public string NewName(string hint) => $"convad/{hint}_{_counter++}";

        /// <summary>Emits one node and returns its (single) output name.</summary>
        public string Node(string op, IReadOnlyList<string> inputs, string hint, params Attr[] attributes)
        {
            string output = NewName(hint);
            Node(op, inputs, new[] { output }, attributes);
            return output;
        }

        public void Node(string op, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params Attr[] attributes)
        {
            _nodes.Message(OnnxProto.Graph.Node, n =>
            {
                foreach (string i in inputs)
                {
                    n.String(OnnxProto.Node.Input, i);
                }

                foreach (string o in outputs)
                {
                    n.String(OnnxProto.Node.Output, o);
                }

                n.String(OnnxProto.Node.Name, NewName(op.ToLowerInvariant()));
                n.String(OnnxProto.Node.OpType, op);
                foreach (Attr a in attributes)
                {
                    n.Message(OnnxProto.Node.Attribute, a.Write);
                }
            });
        }

        /// <summary>A float32/float16/float64 scalar or tensor initializer (deduplicated by value).</summary>
        public string FloatConstant(TensorElementType type, float value, long[]? dims = null) =>
            FloatTensor(type, dims ?? Array.Empty<long>(), Enumerable.Repeat(value, (int)(dims?.Aggregate(1L, (a, d) => a * d) ?? 1)).ToArray());

        public string FloatTensor(TensorElementType type, long[] dims, float[] values)
        {
            string key = $"f{(int)type}:{string.Join(",", dims)}:{(values.Distinct().Count() == 1 ? values[0].ToString("R") : Guid.NewGuid().ToString())}";
            if (_constants.TryGetValue(key, out string? existing))
            {
                return existing;
            }

            byte[] raw;
            if (type == TensorElementType.Float16)
            {
                raw = new byte[values.Length * 2];
                for (int i = 0; i < values.Length; i++)
                {
                    BitConverter.TryWriteBytes(raw.AsSpan(i * 2), BitConverter.HalfToUInt16Bits((System.Half)values[i]));
                }
            }
            else if (type == TensorElementType.Double)
            {
                raw = new byte[values.Length * 8];
                for (int i = 0; i < values.Length; i++)
                {
                    BitConverter.TryWriteBytes(raw.AsSpan(i * 8), (double)values[i]);
                }
            }
            else
            {
                raw = new byte[values.Length * 4];
                Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
            }

            return _constants[key] = Initializer(type, dims, raw, "const");
        }

        public string Int64Tensor(long[] values, bool scalar = false)
        {
            string key = $"i64:{scalar}:{string.Join(",", values)}";
            if (_constants.TryGetValue(key, out string? existing))
            {
                return existing;
            }

            var raw = new byte[values.Length * 8];
            Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
            return _constants[key] = Initializer(TensorElementType.Int64, scalar ? Array.Empty<long>() : new long[] { values.Length }, raw, "shape");
        }

        /// <summary>A scalar of an integer type holding <paramref name="value"/> (a quantized neutral).</summary>
        public string IntegerScalar(TensorElementType type, long value)
        {
            string key = $"q{(int)type}:{value}";
            if (_constants.TryGetValue(key, out string? existing))
            {
                return existing;
            }

            byte[] raw = type switch
            {
                TensorElementType.UInt8 => new[] { (byte)value },
                TensorElementType.Int8 => new[] { unchecked((byte)(sbyte)value) },
                _ => throw new NotSupportedException($"no quantized neutral for {type.DisplayName()}"),
            };
            return _constants[key] = Initializer(type, Array.Empty<long>(), raw, "neutral");
        }

        private string Initializer(TensorElementType type, long[] dims, byte[] raw, string hint)
        {
            string name = NewName(hint);
            var w = new ProtoWriter();
            foreach (long d in dims)
            {
                w.Varint(OnnxProto.Tensor.Dims, d);
            }

            w.Varint(OnnxProto.Tensor.DataType, (long)type);
            w.String(OnnxProto.Tensor.Name, name);
            w.Bytes(OnnxProto.Tensor.RawData, raw);
            _initializers.Add(w.ToArray());
            return name;
        }

        // ---- opset-aware helpers ----

        public string Cast(string input, TensorElementType to) => Node("Cast", new[] { input }, "cast", new Attr("to", Int: (long)to));

        public string Reshape(string input, long[] shape) => Node("Reshape", new[] { input, Int64Tensor(shape) }, "reshape");

        /// <summary>max(x, floor) for a scalar floor: Max broadcasts only from opset 8.</summary>
        public string AtLeast(string input, float floor) =>
            Opset >= 8
                ? Node("Max", new[] { input, FloatConstant(TensorElementType.Float, floor) }, "atleast")
                : Node("Clip", new[] { input }, "atleast", new Attr("min", Float: floor), new Attr("max", Float: float.MaxValue));

        public string AveragePool(string input, Shapes.PoolGeometry g, bool countIncludePad)
        {
            var attrs = new List<Attr>
            {
                new Attr("kernel_shape", Ints: g.Kernel.Select(k => (long)k).ToArray()),
                new Attr("strides", Ints: g.Strides.Select(k => (long)k).ToArray()),
                new Attr("pads", Ints: new long[] { g.PadsBegin[0], g.PadsBegin[1], g.PadsEnd[0], g.PadsEnd[1] }),
                new Attr("count_include_pad", Int: countIncludePad ? 1 : 0),
            };
            if (g.CeilMode)
            {
                attrs.Add(new Attr("ceil_mode", Int: 1));
            }

            return Node("AveragePool", new[] { input }, "avgpool", attrs.ToArray());
        }

        public string Conv(string input, string weight, Shapes.PoolGeometry g) =>
            Node("Conv", new[] { input, weight }, "conv",
                new Attr("kernel_shape", Ints: g.Kernel.Select(k => (long)k).ToArray()),
                new Attr("strides", Ints: g.Strides.Select(k => (long)k).ToArray()),
                new Attr("dilations", Ints: g.Dilations.Select(k => (long)k).ToArray()),
                new Attr("pads", Ints: new long[] { g.PadsBegin[0], g.PadsBegin[1], g.PadsEnd[0], g.PadsEnd[1] }));
    }
}
