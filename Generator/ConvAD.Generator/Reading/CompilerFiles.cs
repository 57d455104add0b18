using System;
using System.IO;
using System.Linq;
using ConvAD.Description;
using ConvAD.Generator.Model;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// The files a model description names, as the generator sees them: labels files are the compiler's text
    /// additional files (so editing one regenerates the class); one that is not an additional file is read from
    /// the disk, as before, but is then no input of the build. The model file is checked by the spec builder,
    /// among the project's model files, with a message that says how to include it.
    /// </summary>
    internal sealed class CompilerFiles : SidecarFiles
    {
        private readonly EquatableArray<TextFile> _texts;

        public CompilerFiles(EquatableArray<TextFile> texts) => _texts = texts;

        public override bool ModelExists(string fullPath) => true;

        public override string? ReadLabels(string fullPath) => Read(fullPath);

        /// <summary>The text of a project file: the additional file's when it is one, else the disk's; null when it does not exist.</summary>
        public string? Read(string fullPath)
        {
            TextFile? text = Find(fullPath);
            if (text != null)
            {
                return text.Text ?? throw new IOException("the compiler could not read the file");
            }

            return ModelFiles.Exists(fullPath)
                ? ConvAD.IO.Utf8Text.Decode(ConvAD.IO.BoundedFile.ReadAllBytes(fullPath, LabelsFile.MaxBytes, "file"), fullPath)
                : null;
        }

        public TextFile? Find(string fullPath) =>
            _texts.FirstOrDefault(f => string.Equals(f.Path, fullPath, StringComparison.Ordinal))
            ?? _texts.FirstOrDefault(f => string.Equals(f.Path, fullPath, StringComparison.OrdinalIgnoreCase));
    }
}
