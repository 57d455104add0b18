using System;
using System.IO;
using System.Text;

namespace ConvAD.Engine
{
    /// <summary>A minimal protobuf writer: what the graph rewriter needs to emit ONNX messages.</summary>
    internal sealed class ProtoWriter
    {
        private readonly MemoryStream _buffer = new MemoryStream();

        public byte[] ToArray() => _buffer.ToArray();

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
