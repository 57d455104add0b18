using System;
using System.IO;
using ConvAD.Generator.Model;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// The generator's only file access. Model files are binary and Roslyn offers generators only text
    /// additional files (roslyn#47292), so the generator reads them itself, as CsWin32 does with .winmd
    /// files; everything it reads is stamped (path + size + last-write time) so caches can key on it.
    /// </summary>
    internal static class ModelFiles
    {
        public static string Normalize(string path) => ConvAD.Description.SidecarFiles.FullPath(path);

        /// <summary>Whether an additional file is a model (binary, read by the generator) rather than a text file the compiler reads.</summary>
        public static bool IsModel(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

        /// <summary>The file's stamp; <see cref="ModelFile.Length"/> is -1 when it does not exist or cannot be inspected.</summary>
        public static ModelFile Stamp(string path)
        {
            string full = Normalize(path);
            try
            {
                var info = new FileInfo(full);
                return info.Exists ? new ModelFile(full, info.Length, info.LastWriteTimeUtc.Ticks) : new ModelFile(full, -1, 0);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException || e is System.Security.SecurityException)
            {
                return new ModelFile(full, -1, 0);
            }
        }

        public static bool Exists(string path) => Stamp(path).Exists;

        /// <summary>Opens a model for reading; a pipe or a device (which would hang the build or never end) is refused first.</summary>
        /// <exception cref="IOException">The path is not a regular, non-empty file.</exception>
        public static Stream OpenRead(string path) =>
            ConvAD.IO.RegularFile.IsReadable(path)
                ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.RandomAccess)
                : throw new IOException($"{path} is empty, or not a regular file (a pipe, socket or device)");
    }
}
