using System;
using System.IO;
using System.Linq;
using System.Reflection;
using ConvAD.Engine;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Gpu;
using ConvAD.Plan;
using ConvAD.Tests;
using Xunit;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// A model exported with a symbolic height and width, described with <c>"input": { "size": [24, 40] }</c>: the class is generated
    /// for that size (golden file DynamicHw.g.cs), and its runtime plan is built for the same size.
    /// </summary>
    public sealed class SymbolicSizeGeneratorTests
    {
        private static readonly string Folder = RepoPaths.File("Tests", "Fixtures", "models", "patterns");
        private static readonly string Model = Path.Combine(Folder, "dynamic_hw.onnx");
        private const string Source = "using ConvAD;\n\nnamespace Models\n{\n    /// <summary>A test model.</summary>\n    [ConvAdModel(\"dynamic_hw.onnx\")] public partial class DynamicHw { }\n}\n";

        [Fact]
        public void Generated_source_matches_the_golden_file()
        {
            GeneratorRun run = new GeneratorHarness(Folder, Model, Path.Combine(Folder, "dynamic_hw.convad.json")).Run(Source);
            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.CompilationProblems);
            PipelineAssert.HoldsNoRoslynObjects(run.Result.Results.Single());
            GoldenFiles.Match("DynamicHw", run.SingleSource);
        }

        [Fact]
        public void The_generated_class_runs_at_the_size_of_its_description()
        {
            GeneratorRun run = new GeneratorHarness(Folder, Model, Path.Combine(Folder, "dynamic_hw.convad.json")).Run(Source);
            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = run.Output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            Type type = Assembly.Load(image.ToArray()).GetType("Models.DynamicHw")!;
            var spec = (ConvAD.Generated.GeneratedModelSpec)type.GetProperty("Spec")!.GetValue(null)!;
            Assert.Equal(new InputSize(24, 40), spec.PlanOptions.InputSize);
            Assert.Equal((24, 40), (spec.TensorShape.Height, spec.TensorShape.Width));

            // The plan GeneratedModel.Load builds from the spec is the engine's at 24×40: same scores under the same mask.
            using ConvAD.Generated.GeneratedModel generated = ConvAD.Generated.GeneratedModel.Load(spec, Model);
            using ConvAdModel engine = ConvAdModel.Load(Model, new EngineOptions { Plan = new PlanOptions { InputSize = new InputSize(24, 40) } });
            var random = new Random(4);
            float[] images = Enumerable.Range(0, 3 * 24 * 40).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
            float[] mask = Enumerable.Range(0, 24 * 40).Select(i => i % 40 < 13 ? 0f : 1f).ToArray();
            Assert.Equal(engine.Run(images, mask, 1), generated.Engine.Run(images, mask, 1));
            Assert.Equal((24, 40), (generated.Engine.Input.Height, generated.Engine.Input.Width));
        }

        [Fact]
        public void The_generated_gpu_forward_pass_runs_at_that_size_as_the_interpreter_does()
        {
            GeneratorRun run = new GeneratorHarness(Folder, Model, Path.Combine(Folder, "dynamic_hw.convad.json")) { ReferenceGpu = true }.Run(Source);
            Assert.Empty(run.Diagnostics);
            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = run.Output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            MethodInfo loadGpu = Assembly.Load(image.ToArray()).GetType("Models.DynamicHw")!.GetMethod("LoadGpu", new[] { typeof(string), typeof(DeviceKind) })!;

            const int count = 2;
            var random = new Random(3);
            float[] images = Enumerable.Range(0, count * 3 * 24 * 40).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
            float[] masks = Enumerable.Range(0, count * 24 * 40).Select(i => (i % 40) < 5 + 20 * (i / (24 * 40)) ? 0f : 1f).ToArray();
            using var generated = (GpuConvAdModel)loadGpu.Invoke(null, new object[] { Model, DeviceKind.CudaEmulated })!;
            using GpuConvAdModel interpreted = GpuConvAdModel.Load(Model, DeviceKind.CudaEmulated, new PlanOptions { InputSize = new InputSize(24, 40) });

            Assert.Equal((24, 40), (generated.Input.Height, generated.Input.Width));
            Assert.Equal(interpreted.Run(images, masks, count), generated.Run(images, masks, count));
            Assert.Equal(interpreted.RunPlain(images, count), generated.RunPlain(images, count));
        }
    }
}
