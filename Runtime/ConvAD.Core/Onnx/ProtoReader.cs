using System;
using System.IO;
using System.Text;

namespace ConvAD.Onnx
{
    /// <summary>Protobuf wire types (the low 3 bits of a field key).</summary>
    internal enum WireType
    {
        Varint = 0,
        Fixed64 = 1,
        LengthDelimited = 2,
        StartGroup = 3,
        EndGroup = 4,
        Fixed32 = 5,
    }

    /// <summary>
    /// A forward-only protobuf reader over a seekable stream, bounded by a limit. Payloads that are not
    /// needed are skipped by seeking, never read: this is what lets the generator read a 100 MB model's
    /// graph in milliseconds. Every malformed input ends in <see cref="OnnxFormatException"/>.
    /// </summary>
    internal sealed class ProtoReader
    {
        private const int MaxStringBytes = 1 << 20;
        private readonly Stream _stream;
        private readonly long _limit;

        public ProtoReader(Stream stream, long start, long limit)
        {
            _stream = stream;
            _limit = Math.Min(limit, stream.Length);
            _stream.Position = start;
        }

        public long Position => _stream.Position;

        public bool AtEnd => _stream.Position >= _limit;

        /// <summary>Reads the next field key; false at the end of this message.</summary>
        public bool TryReadKey(out int field, out WireType wireType)
        {
            field = 0;
            wireType = WireType.Varint;
            if (AtEnd)
            {
                return false;
            }

            ulong key = ReadVarint();
            field = (int)(key >> 3);
            wireType = (WireType)(key & 7);
            if (field <= 0 || key >> 3 > int.MaxValue)
            {
                throw new OnnxFormatException($"invalid protobuf field number at byte {_stream.Position}");
            }

            return true;
        }

        public ulong ReadVarint()
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                int b = ReadByte();
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw new OnnxFormatException($"malformed varint at byte {_stream.Position}");
        }

        public long ReadInt64() => unchecked((long)ReadVarint());

        public int ReadInt32() => unchecked((int)ReadVarint());

        public uint ReadFixed32()
        {
            uint v = 0;
            for (int i = 0; i < 4; i++)
            {
                v |= (uint)ReadByte() << (8 * i);
            }

            return v;
        }

        public float ReadFloat()
        {
            uint bits = ReadFixed32();
            return BitConverterCompat.Int32BitsToSingle(unchecked((int)bits));
        }

        /// <summary>Reads a length prefix and checks the payload lies inside this message.</summary>
        public long ReadLength()
        {
            ulong length = ReadVarint();
            if (length > (ulong)(_limit - _stream.Position))
            {
                throw new OnnxFormatException($"length {length} at byte {_stream.Position} runs past the end of its message (the file is truncated or not ONNX)");
            }

            return (long)length;
        }

        public string ReadString()
        {
            long length = ReadLength();
            if (length > MaxStringBytes)
            {
                throw new OnnxFormatException($"string of {length} bytes at byte {_stream.Position} is implausibly long");
            }

            byte[] bytes = ReadExactly((int)length);
            return Encoding.UTF8.GetString(bytes);
        }

        public byte[] ReadBytes(int maxLength)
        {
            long length = ReadLength();
            if (length > maxLength)
            {
                throw new OnnxFormatException($"field of {length} bytes at byte {_stream.Position} exceeds {maxLength}");
            }

            return ReadExactly((int)length);
        }

        /// <summary>A reader over the embedded message that follows; this reader continues after it.</summary>
        public ProtoReader ReadMessage(out ByteRange range)
        {
            long length = ReadLength();
            long start = _stream.Position;
            range = new ByteRange(start, length);
            var sub = new ProtoReader(_stream, start, start + length);
            return sub;
        }

        /// <summary>Moves this reader past a sub-message read with <see cref="ReadMessage"/>.</summary>
        public void SeekPast(ByteRange range) => _stream.Position = range.Offset + range.Length;

        /// <summary>Skips a length-delimited payload without reading it and returns where it lies.</summary>
        public ByteRange SkipLengthDelimited()
        {
            long length = ReadLength();
            long start = _stream.Position;
            _stream.Position = start + length;
            return new ByteRange(start, length);
        }

        public void SkipField(WireType wireType)
        {
            switch (wireType)
            {
                case WireType.Varint:
                    ReadVarint();
                    break;
                case WireType.Fixed64:
                    Advance(8);
                    break;
                case WireType.LengthDelimited:
                    SkipLengthDelimited();
                    break;
                case WireType.Fixed32:
                    Advance(4);
                    break;
                default:
                    throw new OnnxFormatException($"unsupported protobuf wire type {(int)wireType} at byte {_stream.Position}");
            }
        }

        /// <summary>Reads a repeated int64 field, packed or not, appending to <paramref name="into"/>.</summary>
        public void ReadInt64s(WireType wireType, System.Collections.Generic.List<long> into, int maxCount)
        {
            if (wireType == WireType.LengthDelimited)
            {
                long length = ReadLength();
                long end = _stream.Position + length;
                while (_stream.Position < end)
                {
                    if (into.Count >= maxCount)
                    {
                        throw new OnnxFormatException($"more than {maxCount} values in a repeated field");
                    }

                    into.Add(ReadInt64());
                }

                if (_stream.Position != end)
                {
                    throw new OnnxFormatException("packed varints overrun their field");
                }
            }
            else if (wireType == WireType.Varint)
            {
                if (into.Count >= maxCount)
                {
                    throw new OnnxFormatException($"more than {maxCount} values in a repeated field");
                }

                into.Add(ReadInt64());
            }
            else
            {
                throw new OnnxFormatException($"integer field with wire type {(int)wireType}");
            }
        }

        /// <summary>Reads a repeated float field, packed or not.</summary>
        public void ReadFloats(WireType wireType, System.Collections.Generic.List<float> into, int maxCount)
        {
            if (wireType == WireType.LengthDelimited)
            {
                long length = ReadLength();
                if (length % 4 != 0 || length / 4 + into.Count > maxCount)
                {
                    throw new OnnxFormatException("packed float field has a bad length");
                }

                for (long i = 0; i < length / 4; i++)
                {
                    into.Add(ReadFloat());
                }
            }
            else if (wireType == WireType.Fixed32)
            {
                if (into.Count >= maxCount)
                {
                    throw new OnnxFormatException($"more than {maxCount} values in a repeated field");
                }

                into.Add(ReadFloat());
            }
            else
            {
                throw new OnnxFormatException($"float field with wire type {(int)wireType}");
            }
        }

        /// <summary>Reads the bytes of an earlier-skipped range, then returns to where this reader was.</summary>
        public byte[] ReadAt(ByteRange range)
        {
            long here = _stream.Position;
            _stream.Position = range.Offset;
            byte[] bytes = ReadExactly(checked((int)range.Length));
            _stream.Position = here;
            return bytes;
        }

        /// <summary>Decodes a small little-endian integer payload (raw_data) into int64 values.</summary>
        public long[]? DecodeRawIntegers(ByteRange range, TensorElementType type, long count)
        {
            int size = type.Size();
            if (size == 0 || range.Length != count * size)
            {
                return null;
            }

            byte[] b = ReadAt(range);
            var values = new long[count];
            for (int i = 0; i < count; i++)
            {
                int o = i * size;
                switch (type)
                {
                    case TensorElementType.Int64:
                        values[i] = BitConverter.ToInt64(b, o);
                        break;
                    case TensorElementType.Int32:
                        values[i] = BitConverter.ToInt32(b, o);
                        break;
                    case TensorElementType.UInt32:
                        values[i] = BitConverter.ToUInt32(b, o);
                        break;
                    case TensorElementType.Int16:
                        values[i] = BitConverter.ToInt16(b, o);
                        break;
                    case TensorElementType.UInt16:
                        values[i] = BitConverter.ToUInt16(b, o);
                        break;
                    case TensorElementType.Int8:
                        values[i] = (sbyte)b[o];
                        break;
                    default:
                        values[i] = b[o];
                        break;
                }
            }

            return values;
        }

        /// <summary>Decodes a small little-endian floating-point payload (raw_data).</summary>
        public float[]? DecodeRawFloats(ByteRange range, TensorElementType type, long count)
        {
            int size = type.Size();
            if (size == 0 || range.Length != count * size)
            {
                return null;
            }

            byte[] b = ReadAt(range);
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                int o = i * size;
                values[i] = type == TensorElementType.Float ? BitConverter.ToSingle(b, o) :
                    type == TensorElementType.Double ? (float)BitConverter.ToDouble(b, o) :
                    Float16Bits.ToSingle(BitConverter.ToUInt16(b, o));
            }

            return values;
        }

        private void Advance(long count)
        {
            if (count > _limit - _stream.Position)
            {
                throw new OnnxFormatException($"field at byte {_stream.Position} runs past the end of its message");
            }

            _stream.Position += count;
        }

        private int ReadByte()
        {
            if (_stream.Position >= _limit)
            {
                throw new OnnxFormatException($"unexpected end of message at byte {_stream.Position} (the file is truncated or not ONNX)");
            }

            int b = _stream.ReadByte();
            if (b < 0)
            {
                throw new OnnxFormatException("unexpected end of file");
            }

            return b;
        }

        private byte[] ReadExactly(int count)
        {
            var buffer = new byte[count];
            int read = 0;
            while (read < count)
            {
                int n = _stream.Read(buffer, read, count - read);
                if (n <= 0)
                {
                    throw new OnnxFormatException("unexpected end of file");
                }

                read += n;
            }

            return buffer;
        }
    }

    /// <summary>A span of bytes inside the model file.</summary>
    internal readonly struct ByteRange
    {
        public ByteRange(long offset, long length)
        {
            Offset = offset;
            Length = length;
        }

        public long Offset { get; }

        public long Length { get; }
    }

    /// <summary>The model file is not valid ONNX (truncated, corrupt or not protobuf at all).</summary>
    public class OnnxFormatException : Exception
    {
        /// <summary>A model file that is not valid ONNX.</summary>
        /// <param name="message">What is wrong with the file, for people to read.</param>
        public OnnxFormatException(string message)
            : base(message)
        {
        }
    }

    internal static class BitConverterCompat
    {
        public static float Int32BitsToSingle(int bits)
        {
            return BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
        }
    }
}
