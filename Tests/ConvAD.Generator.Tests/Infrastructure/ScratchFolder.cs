using System;
using System.IO;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>A temporary folder deleted on dispose: a test's own project folder.</summary>
    internal sealed class ScratchFolder : IDisposable
    {
        public ScratchFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "convad-gen-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public string Write(string name, string text)
        {
            string path = File(name);
            System.IO.File.WriteAllText(path, text);
            return path;
        }

        public string Write(string name, byte[] bytes)
        {
            string path = File(name);
            System.IO.File.WriteAllBytes(path, bytes);
            return path;
        }

        public string Copy(string source, string? name = null)
        {
            string path = File(name ?? System.IO.Path.GetFileName(source));
            System.IO.File.Copy(source, path, overwrite: true);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; a failing dispose would hide the test's own result.
            }
        }
    }
}
