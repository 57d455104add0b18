using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ConvAD.Description
{
    /// <summary>Class labels: a text file with one label per line (output index = line index), or an inline JSON array.</summary>
    internal static class LabelFile
    {
        public static IReadOnlyList<string> Read(string path, string source)
        {
            if (!File.Exists(path))
            {
                throw new ModelDescriptionException(source, $"labels file '{Path.GetFileName(path)}' not found (looked for {path})");
            }

            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ModelDescriptionException(path, $"cannot read the labels file: {ex.Message}", ex);
            }

            // A trailing newline (or several) is formatting, not an extra class; a blank line inside would shift every later index.
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

        public static IReadOnlyList<string> FromArray(JsonElement array, SidecarObject owner)
        {
            var labels = new string[array.GetArrayLength()];
            if (labels.Length == 0)
            {
                throw owner.Fail("'labels' is an empty array");
            }

            int i = 0;
            foreach (JsonElement item in array.EnumerateArray())
            {
                string? label = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                if (string.IsNullOrWhiteSpace(label))
                {
                    throw owner.Fail($"'labels[{i}]' must be a non-empty string, got {SidecarObject.Describe(item)}");
                }

                labels[i++] = label;
            }

            return Array.AsReadOnly(labels);
        }
    }
}
