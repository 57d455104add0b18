using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ConvAD.Tests.Architecture
{
    /// <summary>
    /// ONNX Runtime's <c>InferenceSession.Run</c> hands only the run options' native handle down, so a <c>RunOptions</c>
    /// created as a temporary argument can be finalized, and released natively, while the run still reads it: a
    /// segmentation fault inside libonnxruntime that ends the whole process, seen as an aborted test run. Every run
    /// options object is held in a variable (or a field) that outlives the call.
    /// </summary>
    public sealed class NativeHandleLifetimeTests
    {
        private static readonly Regex TemporaryRunOptions = new Regex(@"\.Run(Async)?\(\s*new\s+RunOptions\s*\(", RegexOptions.Compiled);

        [Fact]
        public void No_run_is_given_a_temporary_RunOptions()
        {
            string root = RepoPaths.Root;
            string[] offenders = new[] { "Runtime", "Tools", "Samples", "Tests", "Generator" }
                .Select(d => Path.Combine(root, d))
                .Where(Directory.Exists)
                .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.EndsWith(nameof(NativeHandleLifetimeTests) + ".cs", StringComparison.Ordinal))
                .Where(f => TemporaryRunOptions.IsMatch(File.ReadAllText(f)))
                .Select(f => Path.GetRelativePath(root, f))
                .ToArray();
            Assert.True(offenders.Length == 0, "a temporary RunOptions is passed to Run in: " + string.Join(", ", offenders));
        }
    }
}
