using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ConvAD.Tests.Documentation
{
    /// <summary>
    /// Checks a Markdown file's ```csharp blocks against the compiled code they quote. Each block is preceded by
    /// <c>&lt;!-- snippet: FILE#NAME --&gt;</c> (FILE relative to the repository root) and equals the region between
    /// <c>// snippet:NAME</c> and <c>// end snippet:NAME</c> in FILE, dedented, with the marker lines of nested regions left out;
    /// the block's leading <c>using Namespace;</c> lines must be using directives of FILE. A block that is not meant to compile
    /// (abridged generated code) says so with <c>&lt;!-- excerpt: why --&gt;</c>.
    /// </summary>
    internal static class DocSnippets
    {
        private static readonly Regex Marker = new Regex(@"^<!--\s*(snippet|excerpt):\s*(.+?)\s*-->$");
        private static readonly Regex UsingDirective = new Regex(@"^using\s+([A-Za-z_][A-Za-z0-9_.]*)\s*;\s*(//.*)?$");
        private static readonly Regex RegionLine = new Regex(@"^\s*// (end )?snippet:[A-Za-z0-9_-]+\s*$");

        /// <summary>One message per block that is not a faithful quote; empty when all are.</summary>
        public static IReadOnlyList<string> Check(string markdownPath, string root)
        {
            var problems = new List<string>();
            string[] lines = File.ReadAllLines(markdownPath);
            string name = Path.GetRelativePath(root, markdownPath);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                if (end < 0)
                {
                    problems.Add($"{name}:{i + 1}: the ```csharp block is not closed");
                    break;
                }

                string? problem = CheckBlock(lines, i, end, root);
                if (problem != null)
                {
                    problems.Add($"{name}:{i + 1}: {problem}");
                }

                i = end;
            }

            return problems;
        }

        /// <summary>The lines of region <paramref name="region"/> in <paramref name="source"/>, dedented; null when it has none.</summary>
        public static IReadOnlyList<string>? Region(string[] source, string region)
        {
            int start = Array.FindIndex(source, l => l.Trim() == "// snippet:" + region);
            int end = Array.FindIndex(source, Math.Max(start, 0), l => l.Trim() == "// end snippet:" + region);
            if (start < 0 || end < 0)
            {
                return null;
            }

            List<string> body = source.Skip(start + 1).Take(end - start - 1).Where(l => !RegionLine.IsMatch(l)).ToList();
            int indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            return body.Select(l => l.Trim().Length == 0 ? "" : l.Substring(indent).TrimEnd()).ToList();
        }

        private static string? CheckBlock(string[] lines, int open, int close, string root)
        {
            int previous = open - 1;
            while (previous >= 0 && lines[previous].Trim().Length == 0)
            {
                previous--;
            }

            Match marker = previous >= 0 ? Marker.Match(lines[previous].Trim()) : Match.Empty;
            if (!marker.Success)
            {
                return "no <!-- snippet: FILE#NAME --> (or <!-- excerpt: why -->) before the block";
            }

            if (marker.Groups[1].Value == "excerpt")
            {
                return null;
            }

            string[] target = marker.Groups[2].Value.Split('#');
            string file = Path.Combine(root, target[0]);
            if (target.Length != 2 || !File.Exists(file))
            {
                return $"the snippet '{marker.Groups[2].Value}' names no file of the repository";
            }

            string[] source = File.ReadAllLines(file);
            IReadOnlyList<string>? region = Region(source, target[1]);
            if (region == null)
            {
                return $"{target[0]} has no region '{target[1]}'";
            }

            List<string> block = lines.Skip(open + 1).Take(close - open - 1).Select(l => l.TrimEnd()).ToList();
            // The block's own using directives: shown to the reader, declared once at the top of the quoted file.
            var directives = new HashSet<string>(source.Select(l => UsingDirective.Match(l.Trim())).Where(m => m.Success).Select(m => m.Groups[1].Value));
            int first = 0;
            while (first < block.Count && UsingDirective.Match(block[first]) is { Success: true } directive && !region.Contains(block[first]))
            {
                if (!directives.Contains(directive.Groups[1].Value))
                {
                    return $"'{block[first]}' is not a using directive of {target[0]}";
                }

                first++;
            }

            if (first > 0 && first < block.Count && block[first].Length == 0)
            {
                first++;
            }

            List<string> quoted = block.Skip(first).ToList();
            if (!quoted.SequenceEqual(region))
            {
                int at = Enumerable.Range(0, Math.Max(quoted.Count, region.Count))
                    .First(k => k >= quoted.Count || k >= region.Count || quoted[k] != region[k]);
                string docLine = at < quoted.Count ? quoted[at] : "(end of block)";
                string codeLine = at < region.Count ? region[at] : "(end of region)";
                return $"differs from {target[0]}#{target[1]} at its line {at + 1}:\n  doc:  {docLine}\n  code: {codeLine}";
            }

            return null;
        }
    }
}
