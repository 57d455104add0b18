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
    /// The generated source of real models, compared with the files in Golden/ (the generator's version masked).
    /// A change to the output is reviewed as a diff: rerun with CONVAD_UPDATE_GOLDEN=1 to rewrite them (refused
    /// under CI). Each run also checks that the pipeline's cached values hold no Roslyn objects.
    /// </summary>
    public sealed class GoldenTests
    {
        [Theory]
        [InlineData("SqueezeNet", "squeezenet1.1", "[ConvAdModel(\"squeezenet1.1-fp16.onnx\")] public partial class SqueezeNet { }")]
        [InlineData("ResNet20", "cifar10", "[ConvAdModel(\"resnet20.convad.json\", Threshold = \"any\")] public partial class ResNet20 { }")]
        [InlineData("Mnist", "mnist", "[ConvAdModel(\"mnist-8.onnx\", Threshold = \"all\")] public partial class Mnist { }")]
        [InlineData("ResNet20Int8", "cifar10", "[ConvAdModel(\"resnet20-int8.convad.json\")] public partial class ResNet20Int8 { }")] // QOperator int8
        [InlineData("ShuffleNet", "shufflenet-v2", "public static partial class Zoo { [ConvAdModel(\"shufflenet-v2-12-qdq.onnx\")] public partial class ShuffleNet { } }")]
        public void Generated_source_matches_the_golden_file(string name, string modelFolder, string declaration)
        {
            string folder = RepoPaths.File("models", modelFolder);
            // What the package adds: the models, their descriptions and the text files beside them (labels).
            var harness = new GeneratorHarness(folder, new[] { "*.onnx", "*.convad.json", "*.txt" }.SelectMany(p => Directory.GetFiles(folder, p)).ToArray());
            GeneratorRun run = harness.Run($"using ConvAD;\n\nnamespace Models\n{{\n    /// <summary>A test model.</summary>\n    {declaration}\n}}\n");

            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.CompilationProblems);
            PipelineAssert.HoldsNoRoslynObjects(run.Result.Results.Single());
            GoldenFiles.Match(name, run.SingleSource);
        }

        [Fact]
        public void Golden_files_do_not_depend_on_the_generator_version()
        {
            string golden = File.ReadAllText(GoldenFiles.PathOf("Mnist"));
            Assert.Contains($"GeneratedCode(\"ConvAD.Generator\", \"{GoldenFiles.VersionMask}\")", golden);
            string versioned = golden.Replace(GoldenFiles.VersionMask, "9.8.7");
            Assert.DoesNotContain(GoldenFiles.VersionMask, versioned);
            Assert.Equal(golden, GoldenFiles.Normalize(versioned));
        }
    }
}
