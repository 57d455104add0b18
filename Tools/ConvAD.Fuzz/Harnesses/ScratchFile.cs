using System;
using System.IO;
using System.Threading;

namespace ConvAD.Fuzz.Harnesses
{
    /// <summary>
    /// The readers under test take paths (they check the file is regular and bounded before reading it), so a harness
    /// writes its input to a file of its own, removed afterwards; unique per process and thread, so replays may run in parallel.
    /// </summary>
    internal sealed class ScratchFile : IDisposable
    {
        private static int _counter;

        public ScratchFile(byte[] contents, string extension)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
                $"convad-fuzz-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}{extension}");
            File.WriteAllBytes(Path, contents);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
