using System;
using System.Collections.Generic;

namespace ConvAD.Imaging
{
    /// <summary>One chunk of a PNG file: where it starts, its whole size (length, type, data and CRC) and its type.</summary>
    internal readonly record struct PngChunk(int Offset, int Size, string Type);

    /// <summary>Walks a PNG's chunks after the signature; the walk ends at the end of the bytes (a cut-short last chunk is not listed).</summary>
    internal static class PngChunks
    {
        public static bool IsPng(byte[] bytes) =>
            bytes.Length >= 8 && bytes[0] == 0x89 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G';

        public static IEnumerable<PngChunk> Enumerate(byte[] png)
        {
            long i = 8;
            while (i + 12 <= png.Length)
            {
                long length = ((long)png[i] << 24) | ((long)png[i + 1] << 16) | ((long)png[i + 2] << 8) | png[i + 3];
                long size = 12 + length;
                if (i + size > png.Length)
                {
                    yield break;
                }

                yield return new PngChunk((int)i, (int)size, System.Text.Encoding.ASCII.GetString(png, (int)i + 4, 4));
                i += size;
            }
        }
    }
}
