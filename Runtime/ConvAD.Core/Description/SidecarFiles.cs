using System;
using System.IO;
using ConvAD.IO;

namespace ConvAD.Description
{
    /// <summary>
    /// The files a sidecar names, as the sidecar reader sees them. The runtime reads the disk; the source generator
    /// answers from the compiler's additional files, so a labels file is a compiler input like the sidecar itself.
    /// </summary>
    internal abstract class SidecarFiles
    {
        /// <summary>The file system.</summary>
        public static SidecarFiles Disk { get; } = new DiskFiles();

        /// <summary>Whether the model file the sidecar names exists (<paramref name="fullPath"/> is resolved against the sidecar's folder).</summary>
        public abstract bool ModelExists(string fullPath);

        /// <summary>A labels file's text; null when it does not exist. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot be read.</summary>
        public abstract string? ReadLabels(string fullPath);

        /// <summary>A full path, or the path as given when it cannot be made one.</summary>
        public static string FullPath(string path)
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                return path;
            }
        }

        private sealed class DiskFiles : SidecarFiles
        {
            public override bool ModelExists(string fullPath) => File.Exists(fullPath);

            public override string? ReadLabels(string fullPath) =>
                File.Exists(fullPath) ? Utf8Text.Decode(BoundedFile.ReadAllBytes(fullPath, LabelsFile.MaxBytes, "labels file"), fullPath) : null;
        }
    }
}
