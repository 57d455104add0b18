using System;
using System.IO;

namespace ConvAD.Gpu.Tests
{
    /// <summary>Files of the repository, found by walking up from the test binaries to ConvAD.sln.</summary>
    internal static class RepoFiles
    {
        private static readonly Lazy<string> LazyRoot = new Lazy<string>(FindRoot);

        public static string Root => LazyRoot.Value;

        public static string File(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string FindRoot()
        {
            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "ConvAD.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"no ConvAD.sln in {AppContext.BaseDirectory} or any folder above it");
        }
    }
}
