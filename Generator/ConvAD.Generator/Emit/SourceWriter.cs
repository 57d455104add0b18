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

        /// <summary>Opens the namespace and the (partial) containing types of <paramref name="type"/>: its own declaration goes next.</summary>
        public SourceWriter OpenEnclosing(Model.TargetType type)
        {
            if (type.Namespace.Length > 0)
            {
                Open("namespace " + type.Namespace);
            }

            foreach (Model.ContainingType outer in type.Containing)
            {
                Open($"partial {outer.Keyword} {outer.Name}");
            }

            return this;
        }

        /// <summary>Closes what <see cref="OpenEnclosing"/> opened.</summary>
        public SourceWriter CloseEnclosing(Model.TargetType type)
        {
            for (int i = 0; i < type.Containing.Count + (type.Namespace.Length > 0 ? 1 : 0); i++)
            {
                Close();
            }

            return this;
        }

        /// <summary>A one-paragraph XML doc summary.</summary>
        public SourceWriter Summary(string text) => Line("/// <summary>" + Xml.Escape(text) + "</summary>");

        public override string ToString() => _text.ToString();
    }
}
