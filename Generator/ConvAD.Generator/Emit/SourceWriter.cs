using System.Text;

namespace ConvAD.Generator.Emit
{
    /// <summary>Lines with indentation and braces; the generated code is plain text, not a syntax tree.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private int _indent;

        public SourceWriter Line(string line = "")
        {
            if (line.Length > 0)
            {
                _text.Append(' ', _indent * 4);
            }

            _text.Append(line).Append('\n');
            return this;
        }

        public SourceWriter Open(string header)
        {
            Line(header);
            Line("{");
            _indent++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        /// <summary>A one-paragraph XML doc summary.</summary>
        public SourceWriter Summary(string text) => Line("/// <summary>" + Xml.Escape(text) + "</summary>");

        public override string ToString() => _text.ToString();
    }
}
