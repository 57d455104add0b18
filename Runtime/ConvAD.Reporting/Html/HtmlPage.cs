using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using ConvAD.Rendering;

namespace ConvAD.Html
{
    /// <summary>
    /// A self-contained HTML page built in order: headings, text, tables, pictures embedded as data URIs, no script, nothing
    /// fetched. Every text, path and label given is user data and is escaped here, never by the caller.
    /// </summary>
    internal sealed class HtmlPage
    {
        private const string Style =
            "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#1e1e1e;max-width:1200px}"
            + "table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}"
            + "th:first-child,td:first-child{text-align:left}figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}"
            + "img{max-width:100%;border:1px solid #eee}img.model-size{height:256px;image-rendering:pixelated}pre{background:#f6f6f6;padding:0.8em;overflow-x:auto;white-space:pre-wrap}";

        private readonly StringBuilder _body = new StringBuilder();
        private readonly string _title;

        public HtmlPage(string title) => _title = title;

        public HtmlPage Heading(int level, string text) => Append($"<h{level}>{Escape(text)}</h{level}>");

        public HtmlPage Paragraph(string text) => Append($"<p>{Escape(text)}</p>");

        /// <summary>Preformatted text (a command line, a Markdown summary), shown as written.</summary>
        public HtmlPage Preformatted(string text) => Append($"<pre>{Escape(text)}</pre>");

        public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
        {
            var table = new StringBuilder("<table><thead><tr>");
            foreach (string h in header)
            {
                table.Append("<th>").Append(Escape(h)).Append("</th>");
            }

            table.Append("</tr></thead><tbody>");
            foreach (IReadOnlyList<string> row in rows)
            {
                table.Append("<tr>");
                foreach (string cell in row)
                {
                    table.Append("<td>").Append(Escape(cell)).Append("</td>");
                }

                table.Append("</tr>");
            }

            return Append(table.Append("</tbody></table>").ToString());
        }

        /// <summary>
        /// The PNG file at <paramref name="png"/>, embedded, with <paramref name="caption"/> under it and as its alternative text;
        /// <paramref name="modelSize"/>: a picture at the model's resolution (the mask), shown as large as the others with sharp pixels.
        /// </summary>
        public HtmlPage Picture(string png, string caption, bool modelSize = false) =>
            Append($"<figure><img{(modelSize ? " class=\"model-size\"" : "")} src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(png))}\" alt=\"{Escape(caption)}\">"
                + $"<figcaption>{Escape(caption)}</figcaption></figure>");

        /// <summary>Writes the page (UTF-8) to <paramref name="path"/> atomically.</summary>
        public void Write(string path)
        {
            string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + $"<title>{Escape(_title)}</title><style>{Style}</style></head>\n<body>\n<h1>{Escape(_title)}</h1>\n{_body}</body></html>\n";
            AtomicFile.Write(path, s => s.Write(new UTF8Encoding(false).GetBytes(html)));
        }

        /// <summary>Text as HTML: &amp;, &lt;, &gt;, quotes and apostrophes escaped, so it is safe in an element and in an attribute.</summary>
        public static string Escape(string text) => WebUtility.HtmlEncode(text);

        private HtmlPage Append(string html)
        {
            _body.Append(html).Append('\n');
            return this;
        }
    }
}
