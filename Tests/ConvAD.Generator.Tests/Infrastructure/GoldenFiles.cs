using System;
using System.IO;
using System.Text.RegularExpressions;
using ConvAD.Tests;
using Xunit;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>
    /// The golden files of the generated source (Golden/*.g.cs). The generator's version, which the generated code
    /// names in its [GeneratedCode] attributes, is masked on both sides, so a version bump rewrites no golden file.
    /// Rerun with CONVAD_UPDATE_GOLDEN=1 to rewrite them (refused under CI) and review the diff.
    /// </summary>
    internal static class GoldenFiles
    {
        public const string VersionMask = "{version}";

        private static readonly Regex GeneratedCodeVersion = new Regex(@"(GeneratedCode\(""ConvAD\.Generator"", "")[^""]*("")", RegexOptions.CultureInvariant);

        /// <summary>Generated source as it is compared: line ends normalised, the generator's version masked.</summary>
        public static string Normalize(string source) => GeneratedCodeVersion.Replace(source.Replace("\r\n", "\n"), "${1}" + VersionMask + "${2}");

        public static string PathOf(string name) => RepoPaths.File("Tests", "ConvAD.Generator.Tests", "Golden", name + ".g.cs");

        /// <summary>The golden file's content (normalised).</summary>
        public static string Read(string name) => Normalize(File.ReadAllText(PathOf(name)));

        /// <summary>Asserts that <paramref name="generated"/> matches the golden file <paramref name="name"/>, rewriting it first when asked to.</summary>
        public static void Match(string name, string generated)
        {
            string actual = Normalize(generated);
            string goldenPath = PathOf(name);
            if (Environment.GetEnvironmentVariable("CONVAD_UPDATE_GOLDEN") == "1")
            {
                Assert.True(Environment.GetEnvironmentVariable("CI") == null, "golden files are never rewritten in CI");
                File.WriteAllText(goldenPath, actual);
            }

            Assert.True(File.Exists(goldenPath), $"no golden file {goldenPath}: run the tests with CONVAD_UPDATE_GOLDEN=1 and review it");
            string expected = Read(name);
            Assert.True(expected == actual, $"the generated source differs from {goldenPath}; if the change is intended, rerun with CONVAD_UPDATE_GOLDEN=1 and review the diff. " +
                                            $"First difference at character {FirstDifference(expected, actual)}.");
        }

        private static int FirstDifference(string a, string b)
        {
            int n = Math.Min(a.Length, b.Length);
            for (int i = 0; i < n; i++)
            {
                if (a[i] != b[i])
                {
                    return i;
                }
            }

            return n;
        }
    }
}
