using System;
using System.IO;

namespace ConvAD.Tests
{
    /// <summary>Finds files in the repository (models/, data/) from the test binaries, wherever they were built.</summary>
    internal static class RepoPaths
    {
        private static readonly Lazy<string> LazyRoot = new Lazy<string>(FindRoot);

        /// <summary>The folder holding ConvAD.sln.</summary>
        public static string Root => LazyRoot.Value;

        /// <summary>An absolute path under <see cref="Root"/>, e.g. <c>File("models", "mnist", "mnist-8.onnx")</c>.</summary>
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
