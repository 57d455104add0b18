using System.IO;
using System.Text;

namespace ConvAD.IO
{
    /// <summary>Text files (sidecars, labels) must be UTF-8: other bytes would turn into replacement characters silently.</summary>
    internal static class Utf8Text
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>The text of <paramref name="bytes"/> (a leading byte-order mark dropped).</summary>
        /// <exception cref="InputFileException">The bytes are not valid UTF-8.</exception>
        public static string Decode(byte[] bytes, string path)
        {
            int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            try
            {
                return Strict.GetString(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException e)
            {
                throw new InputFileException("file", path, $"is not UTF-8 text ({e.Message})");
            }
        }
    }
}
