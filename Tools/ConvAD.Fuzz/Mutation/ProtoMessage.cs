using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ConvAD.Fuzz.Mutation
{
    /// <summary>
    /// A protobuf message as its fields in wire order, editable and written back byte for byte when untouched. Which
    /// length-delimited fields are messages comes from <see cref="OnnxSchema"/>; the others stay bytes (strings, packed
    /// numbers, tensor payloads). Unknown fields are kept as read, so a mutant differs from its seed only where mutated.
    /// </summary>
    internal sealed class ProtoMessage
    {
        public ProtoMessage(string type, List<ProtoField> fields)
        {
            Type = type;
            Fields = fields;
        }

        /// <summary>The onnx.proto message name (ModelProto, NodeProto, …).</summary>
        public string Type { get; }

        public List<ProtoField> Fields { get; }

        /// <summary>Reads <paramref name="bytes"/> as a message of <paramref name="type"/>; null when they are not one.</summary>
        public static ProtoMessage? Parse(string type, byte[] bytes) => Parse(type, bytes, 0, bytes.Length, depth: 0);

        public IEnumerable<ProtoField> All(int number) => Fields.Where(f => f.Number == number);

        public ProtoField? First(int number) => Fields.FirstOrDefault(f => f.Number == number);

        /// <summary>This message and every message nested in it, depth first.</summary>
        public IEnumerable<ProtoMessage> Descendants()
        {
            yield return this;
            foreach (ProtoField field in Fields)
            {
                if (field.Message != null)
                {
                    foreach (ProtoMessage inner in field.Message.Descendants())
                    {
                        yield return inner;
                    }
                }
            }
        }

        public ProtoMessage Clone() => new ProtoMessage(Type, Fields.Select(f => f.Clone()).ToList());

        public byte[] ToBytes()
        {
            using var stream = new MemoryStream();
            Write(stream);
            return stream.ToArray();
        }

        private void Write(Stream stream)
        {
            foreach (ProtoField field in Fields)
            {
                WriteVarint(stream, ((ulong)(uint)field.Number << 3) | (uint)field.WireType);
                switch (field.WireType)
                {
                    case WireType.Varint:
                        WriteVarint(stream, field.Varint);
                        break;
                    case WireType.LengthDelimited:
                        byte[] payload = field.Message?.ToBytes() ?? field.Bytes;
                        WriteVarint(stream, (ulong)payload.Length);
                        stream.Write(payload, 0, payload.Length);
                        break;
                    default:
                        stream.Write(field.Bytes, 0, field.Bytes.Length);
                        break;
                }
            }
        }

        public static void WriteVarint(Stream stream, ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            stream.WriteByte((byte)value);
        }

        /// <summary>Reads a varint at <paramref name="position"/>; false when the bytes end first or it runs past ten bytes.</summary>
        public static bool TryReadVarint(byte[] bytes, ref int position, int end, out ulong value)
        {
            value = 0;
            for (int shift = 0; shift < 70 && position < end; shift += 7)
            {
                byte b = bytes[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static ProtoMessage? Parse(string type, byte[] bytes, int start, int end, int depth)
        {
            if (depth > 32)
            {
                return null;
            }

            var fields = new List<ProtoField>();
            int position = start;
            while (position < end)
            {
                if (!TryReadVarint(bytes, ref position, end, out ulong tag) || tag >> 3 == 0 || tag >> 3 > int.MaxValue)
                {
                    return null;
                }

                var field = new ProtoField((int)(tag >> 3), (WireType)(tag & 7));
                switch (field.WireType)
                {
                    case WireType.Varint:
                        if (!TryReadVarint(bytes, ref position, end, out field.Varint))
                        {
                            return null;
                        }

                        break;
                    case WireType.Fixed64:
                    case WireType.Fixed32:
                        int size = field.WireType == WireType.Fixed64 ? 8 : 4;
                        if (end - position < size)
                        {
                            return null;
                        }

                        field.Bytes = bytes.AsSpan(position, size).ToArray();
                        position += size;
                        break;
                    case WireType.LengthDelimited:
                        if (!TryReadVarint(bytes, ref position, end, out ulong length) || length > (ulong)(end - position))
                        {
                            return null;
                        }

                        field.Bytes = bytes.AsSpan(position, (int)length).ToArray();
                        string? inner = OnnxSchema.MessageType(type, field.Number);
                        if (inner != null)
                        {
                            field.Message = Parse(inner, bytes, position, position + (int)length, depth + 1);
                        }

                        position += (int)length;
                        break;
                    default:
                        return null; // groups (3, 4) are not in onnx.proto; 6, 7 are not wire types
                }

                fields.Add(field);
            }

            return new ProtoMessage(type, fields);
        }
    }

    internal enum WireType
    {
        Varint = 0,
        Fixed64 = 1,
        LengthDelimited = 2,
        Fixed32 = 5,
    }

    /// <summary>One field as read: a varint, fixed bytes, or a length-delimited payload, parsed as a message where the schema says so.</summary>
    internal sealed class ProtoField
    {
        public ProtoField(int number, WireType wireType)
        {
            Number = number;
            WireType = wireType;
        }

        public int Number;
        public WireType WireType;
        public ulong Varint;
        public byte[] Bytes = Array.Empty<byte>();
        public ProtoMessage? Message;

        public static ProtoField OfVarint(int number, long value) => new ProtoField(number, WireType.Varint) { Varint = (ulong)value };

        public static ProtoField OfBytes(int number, byte[] bytes) => new ProtoField(number, WireType.LengthDelimited) { Bytes = bytes };

        public static ProtoField OfString(int number, string text) => OfBytes(number, System.Text.Encoding.UTF8.GetBytes(text));

        public string Text => System.Text.Encoding.UTF8.GetString(Bytes);

        public ProtoField Clone() => new ProtoField(Number, WireType) { Varint = Varint, Bytes = Bytes, Message = Message?.Clone() };

        /// <summary>A repeated int64 field's values when packed (a length-delimited run of varints); null when they are not.</summary>
        public List<long>? PackedVarints()
        {
            if (WireType != WireType.LengthDelimited)
            {
                return null;
            }

            var values = new List<long>();
            int position = 0;
            while (position < Bytes.Length)
            {
                if (!ProtoMessage.TryReadVarint(Bytes, ref position, Bytes.Length, out ulong value))
                {
                    return null;
                }

                values.Add((long)value);
            }

            return values;
        }

        public void SetPackedVarints(IEnumerable<long> values)
        {
            using var stream = new MemoryStream();
            foreach (long value in values)
            {
                ProtoMessage.WriteVarint(stream, (ulong)value);
            }

            WireType = WireType.LengthDelimited;
            Message = null;
            Bytes = stream.ToArray();
        }
    }

    /// <summary>
    /// Which fields of onnx.proto hold messages (the rest of the schema the mutator needs is in its field numbers):
    /// model → graph, opsets; graph → nodes, initializers, inputs, outputs, value infos; node → attributes; and down
    /// to a shape's dimensions.
    /// </summary>
    internal static class OnnxSchema
    {
        public const string Model = "ModelProto", Graph = "GraphProto", Node = "NodeProto", Attribute = "AttributeProto",
            Tensor = "TensorProto", ValueInfo = "ValueInfoProto", Type = "TypeProto", TensorType = "TypeProto.Tensor",
            Shape = "TensorShapeProto", Dimension = "TensorShapeProto.Dimension", OpsetId = "OperatorSetIdProto", Entry = "StringStringEntryProto";

        private static readonly Dictionary<(string, int), string> Messages = new Dictionary<(string, int), string>
        {
            [(Model, 7)] = Graph,
            [(Model, 8)] = OpsetId,
            [(Model, 14)] = Entry,
            [(Graph, 1)] = Node,
            [(Graph, 5)] = Tensor,
            [(Graph, 11)] = ValueInfo,
            [(Graph, 12)] = ValueInfo,
            [(Graph, 13)] = ValueInfo,
            [(Node, 5)] = Attribute,
            [(Attribute, 5)] = Tensor,
            [(Attribute, 6)] = Graph,
            [(Attribute, 10)] = Tensor,
            [(Attribute, 11)] = Graph,
            [(Tensor, 13)] = Entry,
            [(ValueInfo, 2)] = Type,
            [(Type, 1)] = TensorType,
            [(TensorType, 2)] = Shape,
            [(Shape, 1)] = Dimension,
        };

        public static string? MessageType(string type, int number) => Messages.TryGetValue((type, number), out string? inner) ? inner : null;
    }
}
