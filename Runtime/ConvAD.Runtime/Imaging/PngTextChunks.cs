using System;
using System.IO;

namespace ConvAD.Imaging
{
    /// <summary>
    /// Removes a PNG's text chunks (tEXt, zTXt, iTXt) before decoding. ImageSharp 2.1 inflates compressed text in full, so a
    /// 1 MB chunk can cost gigabytes; the text is of no use here, while other metadata (eXIf's orientation) is, so the
    /// decoder keeps its metadata and only these chunks go. Other chunks are copied byte for byte, CRCs included.
    /// </summary>
    internal static class PngTextChunks
    {
        /// <summary><paramref name="png"/> without its text chunks, or the same array when it has none or is not a PNG.</summary>
        public static byte[] Strip(byte[] png)
        {
            if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P' || png[2] != (byte)'N' || png[3] != (byte)'G')
            {
                return png;
            }

            using var kept = new MemoryStream(png.Length);
            kept.Write(png, 0, 8);
            bool removed = false;
            long i = 8;
            while (i + 12 <= png.Length)
            {
                long length = ((long)png[i] << 24) | ((long)png[i + 1] << 16) | ((long)png[i + 2] << 8) | png[i + 3];
                long size = Math.Min(12 + length, png.Length - i);
                ReadOnlySpan<byte> type = png.AsSpan((int)i + 4, 4);
                if (type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8))
                {
                    removed = true;
                }
                else
                {
                    kept.Write(png, (int)i, (int)size);
                }

                i += size;
            }

            kept.Write(png, (int)i, (int)(png.Length - i));
            return removed ? kept.ToArray() : png;
        }
    }
}
