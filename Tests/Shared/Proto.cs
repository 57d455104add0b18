using System.IO;
using System.Text;

namespace ConvAD.Tests
{
    /// <summary>
    /// A protobuf message written field by field: what the tests' hand-built ONNX models (HostileModels, the generator tests'
    /// OnnxBuilder) are made of. Only the wire types ONNX needs: varints and length-delimited fields.
    /// </summary>
    internal sealed class Proto
    {
        private readonly MemoryStream _bytes = new MemoryStream();

        public Proto Varint(int field, long value)
        {
            Key(field, 0);
            Raw((ulong)value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            Key(field, 2);
            Raw((ulong)value.Length);
            _bytes.Write(value, 0, value.Length);
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Key(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.WriteByte((byte)value);
        }
    }
}
