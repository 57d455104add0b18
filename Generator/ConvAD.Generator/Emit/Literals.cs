using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvAD.Generator.Emit
{
    /// <summary>C# literals for values read from model files (which may hold any text).</summary>
    internal static class Literals
    {
        // FormatLiteral leaves U+0085, U+2028 and U+2029 as they are, and C# ends a line at each of them.
        public static string String(string value) =>
            SymbolDisplay.FormatLiteral(value, quote: true).Replace("\u0085", "\\u0085").Replace("\u2028", "\\u2028").Replace("\u2029", "\\u2029");

        public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string NullableInt(int? value) => value.HasValue ? Int(value.Value) : "null";

        public static string NullableString(string? value) => value == null ? "null" : String(value);
    }

    /// <summary>Text inside XML doc comments.</summary>
    internal static class Xml
    {
        public static string Escape(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '\r':
                    case '\n':
                    case '\u0085':
                    case '\u2028':
                    case '\u2029': sb.Append(' '); break;
                    default: sb.Append(char.IsControl(c) ? ' ' : c); break;
                }
            }

            return sb.ToString();
        }
    }
}
