using System;
using System.Linq;

namespace ConvAD.Imaging
{
    /// <summary>
    /// Whether an encoded image reaches its format's end marker. Decoders fill what a cut-short file lacks (grey for JPEG,
    /// black rows for PNG) and report success, so a truncated download would otherwise be classified without a word.
    /// </summary>
    internal static class ImageCompleteness
    {
        /// <summary>A sentence naming what is missing when <paramref name="bytes"/> is a cut-short JPEG, PNG or GIF; else null.</summary>
        public static string? Truncation(byte[] bytes)
        {
            if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
            {
                return JpegIsComplete(bytes) ? null : "the JPEG data is cut short (no end-of-image marker after its scans)";
            }

            if (PngChunks.IsPng(bytes))
            {
                return PngChunks.Enumerate(bytes).Any(c => c.Type == "IEND") ? null : "the PNG data is cut short (no IEND chunk)";
            }

            if (bytes.Length >= 6 && bytes[0] == (byte)'G' && bytes[1] == (byte)'I' && bytes[2] == (byte)'F')
            {
                return GifIsComplete(bytes) ? null : "the GIF data is cut short (no trailer)";
            }

            return null;
        }

        /// <summary>
        /// Walks the marker segments to the first scan (so an EXIF thumbnail's own end marker does not count), then looks for
        /// the end-of-image marker: inside entropy-coded data 0xFF is always followed by 0x00 or a restart marker.
        /// </summary>
        private static bool JpegIsComplete(ReadOnlySpan<byte> bytes)
        {
            int i = 2;
            while (i + 4 <= bytes.Length)
            {
                if (bytes[i] != 0xFF)
                {
                    return false;
                }

                byte marker = bytes[i + 1];
                if (marker == 0xFF)
                {
                    i++; // fill byte
                    continue;
                }

                if (marker == 0xDA)
                {
                    return bytes.Slice(i).IndexOf(new byte[] { 0xFF, 0xD9 }) >= 0;
                }

                int length = (bytes[i + 2] << 8) | bytes[i + 3];
                if (length < 2)
                {
                    return false;
                }

                i += 2 + length;
            }

            return false;
        }

        /// <summary>The trailer byte ends a GIF; encoders may pad after it with zeros.</summary>
        private static bool GifIsComplete(ReadOnlySpan<byte> bytes)
        {
            int end = bytes.Length - 1;
            while (end > 0 && bytes[end] == 0)
            {
                end--;
            }

            return bytes[end] == 0x3B;
        }
    }
}
