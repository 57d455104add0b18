using System;
using System.IO;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Tests;
using Xunit;

namespace ConvAD.Generator.Tests
{
    /// <summary>A model with explicit spatial padding: the generated forward pass pads its masks (PadMask) as the runtime's interpreter does.</summary>
    public sealed class PaddedForwardTests
    {
        [Fact]
        public void The_generated_forward_pass_of_a_reflection_padded_model_is_the_interpreters_bitwise()
        {
            string model = RepoPaths.File("Tests", "Fixtures", "models", "patterns", "pad_reflect.onnx");
            const string source = "using ConvAD;\n\nnamespace Models\n{\n    /// <summary>A test model.</summary>\n    [ConvAdModel(\"pad_reflect.onnx\")] public partial class Padded { }\n}\n";
            GeneratorRun run = new GeneratorHarness(Path.GetDirectoryName(model)!, model) { ReferenceGpu = true }.Run(source);
            Assert.DoesNotContain(run.Diagnostics, d => d.Id != "CVAD009"); // no sidecar beside the fixture: the default description
            Assert.Contains("L.PadMask(", run.GpuSource);

            const int count = 2;
            var random = new Random(3);
            float[] images = Enumerable.Range(0, count * 3 * 32 * 32).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
            float[] masks = Enumerable.Range(0, count * 32 * 32).Select(i => (i % 32) < 3 + 20 * (i / (32 * 32)) ? 0f : 1f).ToArray();
            GeneratedGpuForward.AssertBitwiseInterpreter(GeneratedGpuForward.LoadGpuOf(run, "Models.Padded"), model, images, masks, count);
        }
    }
}
