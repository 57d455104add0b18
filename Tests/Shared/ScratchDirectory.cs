using System;
using System.IO;

namespace ConvAD.Tests
{
    /// <summary>A fresh folder for files a test writes, deleted afterwards.</summary>
    internal sealed class ScratchDirectory : IDisposable
    {
        public ScratchDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "convad-tests-" + Guid.NewGuid().ToString("N"));
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

        /// <summary>A named pipe (FIFO) in the folder: opening it for reading blocks until a writer comes.</summary>
        public string Fifo(string name)
        {
            string path = File(name);
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", path)!;
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode != 0)
            {
                throw new InvalidOperationException("mkfifo failed for " + path);
            }

            return path;
        }

        /// <summary>Copies a file into the folder (under its own name unless <paramref name="name"/> is given).</summary>
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
                // A leftover temp folder is harmless; failing the test for it would hide the real result.
            }
        }
    }
}
