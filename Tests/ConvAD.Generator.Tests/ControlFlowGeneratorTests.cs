using System;
using System.IO;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Tests;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// torch's nn.LocalResponseNorm export squeezes with an If whose condition follows from shapes: the generator plans the
    /// same inlined graph as the runtime (one core), so the generated class compiles and its forward pass is the interpreter's;
    /// an If on pixel values is CVAD003 naming the If.
    /// </summary>
    public sealed class ControlFlowGeneratorTests
    {
        private static readonly string Folder = RepoPaths.File("Tests", "Fixtures", "models", "patterns");

        private static string Source(string file) =>
            $"using ConvAD;\n\nnamespace Models\n{{\n    /// <summary>A test model.</summary>\n    [ConvAdModel(\"{file}\")] public partial class Lrn {{ }}\n}}\n";

        [Theory]
        [InlineData("lrn.onnx")]
        [InlineData("lrn_twice.onnx")]
        public void The_generated_forward_pass_of_torchs_local_response_norm_is_the_interpreters_bitwise(string file)
        {
            string model = Path.Combine(Folder, file);
            GeneratorRun run = new GeneratorHarness(Folder, model) { ReferenceGpu = true }.Run(Source(file));
            Assert.DoesNotContain(run.Diagnostics, d => d.Id != "CVAD009"); // no sidecar beside the fixture: the default description
            Assert.DoesNotContain("If(", run.GpuSource);
            Assert.Contains("L.Squeeze(", run.GpuSource); // the branch the If takes, as a layer of the forward pass

            const int count = 2;
            var random = new Random(4);
            float[] images = Enumerable.Range(0, count * 3 * 32 * 32).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
            float[] masks = Enumerable.Range(0, count * 32 * 32).Select(i => (i % 32) < 5 + 16 * (i / (32 * 32)) ? 0f : 1f).ToArray();
            GeneratedGpuForward.AssertBitwiseInterpreter(GeneratedGpuForward.LoadGpuOf(run, "Models.Lrn"), model, images, masks, count);
        }

        [Fact]
        public void An_If_on_pixel_values_is_CVAD003_naming_the_If()
        {
            GeneratorRun run = new GeneratorHarness(Folder, Path.Combine(Folder, "if_data_dependent.onnx")).Run(Source("if_data_dependent.onnx"));
            Diagnostic d = Assert.Single(run.Diagnostics, x => x.Id == "CVAD003");
            Assert.Contains("node '/If' (If)", d.GetMessage());
            Assert.Contains("not a constant once shapes are known", d.GetMessage());
            Assert.Empty(run.Result.GeneratedTrees);
        }
    }
}
