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
            if (!PngChunks.IsPng(png))
            {
                return png;
            }

            using var kept = new MemoryStream(png.Length);
            kept.Write(png, 0, 8);
            bool removed = false;
            int end = 8;
            foreach (PngChunk chunk in PngChunks.Enumerate(png))
            {
                if (chunk.Type is "tEXt" or "zTXt" or "iTXt")
                {
                    removed = true;
                }
                else
                {
                    kept.Write(png, chunk.Offset, chunk.Size);
                }

                end = chunk.Offset + chunk.Size;
            }

            kept.Write(png, end, png.Length - end); // a cut-short tail stays, for the completeness check to see
            return removed ? kept.ToArray() : png;
        }
    }
}
