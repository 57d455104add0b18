using System.Collections.Generic;
using ConvAD.Generator.Model;

namespace ConvAD.Generator.Reading
{
    /// <summary>Reads a labels file with the runtime's rules: one label per line, trailing blank lines ignored, no blank line inside.</summary>
    internal static class LabelsFile
    {
        public static EquatableArray<string> Read(string path, out string? problem)
        {
            string? text = ModelFiles.ReadText(path, out problem);
            if (text == null)
            {
                problem = $"labels file '{path}' cannot be read: {problem}";
                return EquatableArray<string>.Empty;
            }

            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            int count = lines.Length;
            while (count > 0 && lines[count - 1].Trim().Length == 0)
            {
                count--;
            }

            if (count == 0)
            {
                problem = $"labels file '{path}' is empty";
                return EquatableArray<string>.Empty;
            }

            var labels = new List<string>(count);
            for (int i = 0; i < count; i++)
            {
                string label = lines[i].Trim();
                if (label.Length == 0)
                {
                    problem = $"line {i + 1} of the labels file '{path}' is empty; every class index needs a label";
                    return EquatableArray<string>.Empty;
                }

                labels.Add(label);
            }

            return labels.ToEquatableArray();
        }
    }
}
