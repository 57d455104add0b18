using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvAD.Generator.Emit
{
    /// <summary>Valid, unique C# member names made from ONNX node names (which may be "/features/0/Conv" or empty).</summary>
    internal sealed class Identifiers
    {
        private readonly HashSet<string> _used;

        public Identifiers(IEnumerable<string> reserved) => _used = new HashSet<string>(reserved);

        public string Make(string name, string fallback, int index)
        {
            var sb = new StringBuilder();
            bool underscore = false;
            foreach (char c in name)
            {
                if (char.IsLetterOrDigit(c) || c == '_')
                {
                    sb.Append(c);
                    underscore = c == '_';
                }
                else if (!underscore && sb.Length > 0)
                {
                    sb.Append('_');
                    underscore = true;
                }
            }

            string id = sb.ToString().Trim('_');
            if (id.Length == 0)
            {
                id = fallback;
            }

            if (char.IsDigit(id[0]))
            {
                // Unnamed nodes are "#index op" in the core: "Node0_Conv" reads better than "_0_Conv".
                id = "Node" + id;
            }

            if (SyntaxFacts.GetKeywordKind(id) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(id) != SyntaxKind.None)
            {
                id = "@" + id;
            }

            string unique = id;
            if (!_used.Add(unique))
            {
                unique = id + "_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (int n = 2; !_used.Add(unique); n++)
                {
                    unique = id + "_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return unique;
        }
    }
}
