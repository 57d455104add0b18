using System.Collections.Generic;
using System.Text;

namespace ConvAD.Generator.Emit
{
    /// <summary>
    /// Lines with indentation and braces; the generated code is plain text, not a syntax tree. A block of code is
    /// written with <see cref="Lines"/> from a raw string literal, indented as a whole, so the emitter reads as
    /// the code it writes (as System.Text.Json's source generator does).
    /// </summary>
    internal sealed class SourceWriter
    {
        /// <summary>Argument lists longer than this are wrapped, one or more arguments per line (see <see cref="Call"/>).</summary>
        public const int Width = 120;

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

        /// <summary>
        /// Writes a block of lines, each at the current indentation plus its own: a raw string literal whose lines
        /// are indented relative to each other. Empty lines stay empty; <c>\r\n</c> is written as <c>\n</c>.
        /// </summary>
        public SourceWriter Lines(string block)
        {
            foreach (string line in block.Replace("\r\n", "\n").Split('\n'))
            {
                Line(line.TrimEnd());
            }

            return this;
        }

        /// <summary>
        /// Writes <c>head(arguments…)tail</c>: on one line when it fits <see cref="Width"/>, else with the arguments on
        /// the lines below, indented once, packed into as few lines as fit the width and balanced across them (an
        /// argument never splits).
        /// </summary>
        public SourceWriter Call(string head, IReadOnlyList<string> arguments, string tail)
        {
            string single = head + "(" + string.Join(", ", arguments) + ")" + tail;
            if (_indent * 4 + single.Length <= Width)
            {
                return Line(single);
            }

            var items = new string[arguments.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = arguments[i] + (i + 1 < items.Length ? "," : ")" + tail);
            }

            // The narrowest width that needs no more lines than the full width does.
            int available = Width - (_indent + 1) * 4;
            List<string> lines = Pack(items, available);
            for (int width = available - 1; width > 0; width--)
            {
                List<string> narrower = Pack(items, width);
                if (narrower.Count > lines.Count)
                {
                    break;
                }

                lines = narrower;
            }

            Line(head + "(");
            foreach (string line in lines)
            {
                Line("    " + line);
            }

            return this;
        }

        private static List<string> Pack(string[] items, int width)
        {
            var lines = new List<string>();
            var line = new StringBuilder();
            foreach (string item in items)
            {
                if (line.Length > 0 && line.Length + 1 + item.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : "").Append(item);
            }

            lines.Add(line.ToString());
            return lines;
        }

        public SourceWriter Open(string header)
        {
            Line(header);
            Line("{");
            return Indent();
        }

        public SourceWriter Close(string suffix = "")
        {
            Outdent();
            return Line("}" + suffix);
        }

        /// <summary>Indents the lines that follow once more (for the body of an initializer, say).</summary>
        public SourceWriter Indent()
        {
            _indent++;
            return this;
        }

        public SourceWriter Outdent()
        {
            _indent--;
            return this;
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
