using System;
using System.IO;
using System.Text;

namespace ConvAD.Engine
{
    /// <summary>A minimal protobuf writer: what the graph rewriter needs to emit ONNX messages.</summary>
    internal sealed class ProtoWriter
    {
        private readonly MemoryStream _buffer;

        public ProtoWriter()
        {
            _buffer = new MemoryStream();
        }

        /// <summary>
        /// A writer whose buffer starts at <paramref name="capacity"/> bytes. A model's graph is as large as its weights (hundreds
        /// of MB for a ResNet-50): grown by doubling from empty, its buffer would leave about twice its size in discarded
        /// large-object-heap arrays, which the process keeps (the collector returns them late, if ever) on top of the sessions.
        /// </summary>
        public ProtoWriter(int capacity)
        {
            _buffer = new MemoryStream(capacity);
        }

        /// <summary>Bytes written so far.</summary>
        public int Length => (int)_buffer.Length;

        /// <summary>What was written, without a copy.</summary>
        public ReadOnlySpan<byte> Written => _buffer.GetBuffer().AsSpan(0, Length);

        /// <summary>The bytes written: the buffer itself when it is exactly full (a writer sized in advance), else a copy.</summary>
        public byte[] ToArray() => _buffer.Length == _buffer.Capacity && _buffer.GetBuffer().Length == _buffer.Length
            ? _buffer.GetBuffer()
            : _buffer.ToArray();

        /// <summary>The encoded size of a length-delimited field whose payload has <paramref name="payloadLength"/> bytes.</summary>
        public static long FieldSize(int field, long payloadLength) =>
            VarintSize(((ulong)field << 3) | 2) + VarintSize((ulong)payloadLength) + payloadLength;

        private static int VarintSize(ulong value)
        {
            int size = 1;
            while (value >= 0x80)
            {
                value >>= 7;
                size++;
            }

            return size;
        }

        public void Varint(int field, long value)
        {
            Key(field, 0);
            Raw((ulong)value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Bytes(int field, ReadOnlySpan<byte> value)
        {
            Key(field, 2);
            Raw((ulong)value.Length);
            _buffer.Write(value);
        }

        public void Float(int field, float value)
        {
            Key(field, 5);
            Span<byte> b = stackalloc byte[4];
            BitConverter.TryWriteBytes(b, value);
            _buffer.Write(b);
        }

        public void Message(int field, Action<ProtoWriter> write)
        {
            var inner = new ProtoWriter();
            write(inner);
            Bytes(field, inner._buffer.GetBuffer().AsSpan(0, (int)inner._buffer.Length));
        }

        /// <summary>Copies bytes that are already a complete encoded field (key and payload).</summary>
        public void Verbatim(ReadOnlySpan<byte> encodedField) => _buffer.Write(encodedField);

        private void Key(int field, int wireType) => Raw(((ulong)field << 3) | (uint)wireType);

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _buffer.WriteByte((byte)value);
        }
    }
}
