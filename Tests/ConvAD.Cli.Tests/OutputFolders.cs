using System.IO;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>Output folders of two runs that must agree: options that change only batching or memory change no file.</summary>
    internal static class OutputFolders
    {
        /// <summary>Every file of <paramref name="expected"/> is in <paramref name="actual"/> with the same bytes, and there is at least one.</summary>
        public static void AssertSameFiles(string expected, string actual)
        {
            foreach (string file in Directory.GetFiles(expected))
            {
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(actual, Path.GetFileName(file))));
            }

            Assert.NotEmpty(Directory.GetFiles(expected));
        }
    }
}
