using System;
using System.Linq;
using ConvAD.Engine;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// The rewriter sizes its buffers in advance (a large model's graph is as large as its weights, and a buffer grown by
    /// doubling leaves twice that in discarded arrays): the bytes written must not depend on how the buffer was sized.
    /// </summary>
    public sealed class RewriteBufferTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(127)]
        [InlineData(128)]
        [InlineData(16383)]
        [InlineData(16384)]
        [InlineData(3_000_000)]
        public void A_fields_size_is_what_writing_it_takes(int payloadLength)
        {
            foreach (int field in new[] { 1, 7, 15, 16, 2047 })
            {
                var w = new ProtoWriter();
                w.Bytes(field, new byte[payloadLength]);
                Assert.Equal(w.Length, ProtoWriter.FieldSize(field, payloadLength));
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(5)]
        [InlineData(1015)] // exact: the buffer itself is the result
        [InlineData(4096)]
        public void A_writer_sized_in_advance_writes_the_same_bytes(int capacity)
        {
            byte[] payload = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
            byte[] Write(ProtoWriter w)
            {
                w.Varint(1, 300);
                w.Bytes(7, payload);
                w.Message(8, m => m.Float(2, 0.5f));
                w.Verbatim(new byte[] { 0x10, 0x01 });
                return w.ToArray();
            }

            byte[] grown = Write(new ProtoWriter());
            Assert.Equal(1015, grown.Length);
            Assert.Equal(grown, Write(new ProtoWriter(capacity)));
        }
    }
}
