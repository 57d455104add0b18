using System;
using System.Collections.Generic;
using System.Text;

namespace ConvAD.Evaluation
{
    /// <summary>RFC 4180 fields of one CSV line: quoted only when a field holds a comma or a quote. Fields never hold line breaks.</summary>
    public static class CsvLine
    {
        /// <summary>One CSV line (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled.</summary>
        public static string Join(IEnumerable<string> fields)
        {
            var line = new StringBuilder();
            bool first = true;
            foreach (string raw in fields)
            {
                string field = raw.Replace('\r', ' ').Replace('\n', ' ');
                line.Append(first ? "" : ",");
                first = false;
                if (field.Contains(',') || field.Contains('"'))
                {
                    line.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
                }
                else
                {
                    line.Append(field);
                }
            }

            return line.ToString();
        }

        /// <summary>The fields of a line; null when its quotes are unbalanced (a line cut short by an interrupted write).</summary>
        public static List<string>? Split(string line)
        {
            ArgumentNullException.ThrowIfNull(line);
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            if (quoted)
            {
                return null;
            }

            fields.Add(field.ToString());
            return fields;
        }
    }
}
