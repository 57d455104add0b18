using System;
using System.Buffers.Binary;
using System.Text;

namespace ConvAD.Tests.Imaging
{
    /// <summary>A PNG that is only a valid header (IHDR + IEND): it claims any size while being a few dozen bytes.</summary>
    internal static class PngHeader
    {
        public static byte[] Claiming(int width, int height)
        {
            var ihdr = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
            BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
            ihdr[8] = 8; // bit depth
            ihdr[9] = 2; // colour type: RGB
            byte[] signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
            return Concat(signature, Chunk("IHDR", ihdr), Chunk("IEND", Array.Empty<byte>()));
        }

        private static byte[] Chunk(string type, byte[] data)
        {
            var chunk = new byte[12 + data.Length];
            BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
            Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
            data.CopyTo(chunk, 8);
            // Decoders check the CRC of critical chunks, so a forged header needs a real one.
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
            return chunk;
        }

        private static uint Crc32(ReadOnlySpan<byte> bytes)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in bytes)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return crc ^ 0xFFFFFFFF;
        }

        private static byte[] Concat(params byte[][] parts)
        {
            int length = 0;
            foreach (byte[] part in parts)
            {
                length += part.Length;
            }

            var result = new byte[length];
            int at = 0;
            foreach (byte[] part in parts)
            {
                part.CopyTo(result, at);
                at += part.Length;
            }

            return result;
        }
    }
}
