using System.Collections.Generic;
using ConvAD.Onnx;

namespace ConvAD.Engine
{
    /// <summary>One encoded field of a protobuf message: where its key starts, where its payload lies.</summary>
    internal readonly record struct ProtoField(int Number, int WireType, long Start, long End, long PayloadStart, long PayloadLength)
    {
        public ByteRange Payload => new ByteRange(PayloadStart, PayloadLength);
    }

    /// <summary>Lists the fields of an already-validated message, so they can be copied verbatim.</summary>
    internal static class ProtoFields
    {
        public static List<ProtoField> Scan(byte[] source, long start, long length)
        {
            var fields = new List<ProtoField>();
            long p = start;
            long end = start + length;
            while (p < end)
            {
                long fieldStart = p;
                ulong key = Varint(source, ref p);
                int wire = (int)(key & 7);
                long payloadStart = p;
                long payloadLength;
                switch (wire)
                {
                    case 0:
                        Varint(source, ref p);
                        payloadLength = p - payloadStart;
                        break;
                    case 1:
                        p += 8;
                        payloadLength = 8;
                        break;
                    case 2:
                        payloadLength = (long)Varint(source, ref p);
                        payloadStart = p;
                        p += payloadLength;
                        break;
                    case 5:
                        p += 4;
                        payloadLength = 4;
                        break;
                    default:
                        throw new OnnxFormatException($"unsupported wire type {wire}");
                }

                fields.Add(new ProtoField((int)(key >> 3), wire, fieldStart, p, payloadStart, payloadLength));
            }

            return fields;
        }

        /// <summary>Reads one varint at <paramref name="p"/> and moves past it.</summary>
        public static ulong Varint(byte[] s, ref long p)
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = s[p++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            return result;
        }
    }
}
