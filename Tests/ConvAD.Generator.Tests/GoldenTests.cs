using System;
using System.IO;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// The generated source of real models, compared with the files in Golden/. A change to the output
    /// is reviewed as a diff: rerun with CONVAD_UPDATE_GOLDEN=1 to rewrite them (refused under CI).
    /// </summary>
    public sealed class GoldenTests
    {
        [Theory]
        [InlineData("SqueezeNet", "squeezenet1.1", "[ConvAdModel(\"squeezenet1.1-fp16.onnx\")] public partial class SqueezeNet { }")]
        [InlineData("ResNet20", "cifar10", "[ConvAdModel(\"resnet20.convad.json\", Threshold = \"any\")] public partial class ResNet20 { }")]
        [InlineData("Mnist", "mnist", "[ConvAdModel(\"mnist-8.onnx\", Threshold = \"all\")] public partial class Mnist { }")]
        [InlineData("ShuffleNet", "shufflenet-v2", "public static partial class Zoo { [ConvAdModel(\"shufflenet-v2-12-qdq.onnx\")] public partial class ShuffleNet { } }")]
        public void Generated_source_matches_the_golden_file(string name, string modelFolder, string declaration)
        {
            string folder = RepoPaths.File("models", modelFolder);
            var harness = new GeneratorHarness(folder, Directory.GetFiles(folder, "*.onnx").Concat(Directory.GetFiles(folder, "*.convad.json")).ToArray());
            GeneratorRun run = harness.Run($"using ConvAD;\n\nnamespace Models\n{{\n    /// <summary>A test model.</summary>\n    {declaration}\n}}\n");

            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.CompilationProblems);
            string actual = run.SingleSource.Replace("\r\n", "\n");
            string goldenPath = RepoPaths.File("Tests", "ConvAD.Generator.Tests", "Golden", name + ".g.cs");
            if (Environment.GetEnvironmentVariable("CONVAD_UPDATE_GOLDEN") == "1")
            {
                Assert.True(Environment.GetEnvironmentVariable("CI") == null, "golden files are never rewritten in CI");
                File.WriteAllText(goldenPath, actual);
            }

            Assert.True(File.Exists(goldenPath), $"no golden file {goldenPath}: run the tests with CONVAD_UPDATE_GOLDEN=1 and review it");
            string expected = File.ReadAllText(goldenPath).Replace("\r\n", "\n");
            Assert.True(expected == actual, $"the generated source of {name} differs from {goldenPath}; if the change is intended, rerun with CONVAD_UPDATE_GOLDEN=1 and review the diff. " +
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
