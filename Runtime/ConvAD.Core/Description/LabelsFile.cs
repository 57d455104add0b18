using System;
using System.Collections.Generic;
using System.IO;

namespace ConvAD.Description
{
    /// <summary>
    /// Class labels in a text file: one label per line (output index = line index). Trailing blank lines are
    /// formatting, not classes; a blank line inside would shift every later index, so it is an error.
    /// </summary>
    public static class LabelsFile
    {
        /// <summary>The largest labels file read (ImageNet-21k's labels take about 300 KB).</summary>
        public const long MaxBytes = 16 << 20;

        /// <summary>Reads a labels file.</summary>
        /// <exception cref="ModelDescriptionException">The file is missing, unreadable, empty or has a blank line inside.</exception>
        public static IReadOnlyList<string> Read(string path)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            string fullPath = SidecarFiles.FullPath(path);
            string? text;
            try
            {
                text = SidecarFiles.Disk.ReadLabels(fullPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ModelDescriptionException(fullPath, $"cannot read the labels file: {ex.Message}", ex);
            }

            return text == null
                ? throw new ModelDescriptionException(fullPath, "labels file not found")
                : Parse(text, fullPath);
        }

        /// <summary>Parses the text of a labels file; <paramref name="path"/> names it in messages.</summary>
        /// <exception cref="ModelDescriptionException">The text is empty or has a blank line inside.</exception>
        public static IReadOnlyList<string> Parse(string text, string path)
        {
            string[] lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
            int count = lines.Length;
            while (count > 0 && lines[count - 1].Trim().Length == 0)
            {
                count--;
            }

            if (count == 0)
            {
                throw new ModelDescriptionException(path, "the labels file is empty");
            }

            var labels = new string[count];
            for (int i = 0; i < count; i++)
            {
                labels[i] = lines[i].Trim();
                if (labels[i].Length == 0)
                {
                    throw new ModelDescriptionException(path, $"line {i + 1} of the labels file is empty; every class index needs a label");
                }
            }

            return Array.AsReadOnly(labels);
        }
    }
}
