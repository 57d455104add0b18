using System;
using System.IO;

namespace ConvAD.Rendering
{
    /// <summary>Writes a file so that readers see either the old file or the complete new one: a temp file in the same folder, then a rename.</summary>
    internal static class AtomicFile
    {
        /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, creating its folder; on failure the temp file is removed and the old file stays.</summary>
        public static void Write(string path, Action<Stream> write)
        {
            string full = Path.GetFullPath(path);
            string folder = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(folder);
            string temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    write(stream);
                }

                File.Move(temp, full, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }
    }
}
