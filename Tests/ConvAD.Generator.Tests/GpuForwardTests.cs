using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Gpu;
using Microsoft.CodeAnalysis;
using Xunit;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// The ConvAD forward pass the generator writes for ConvAD's GPU runtime (ForwardLayers, LoadGpu): only when the
    /// compilation references ConvAD.Gpu, compiled against the real runtime, compared with Golden/*.Gpu.g.cs, and
    /// CVAD011 instead of code whenever the runtime lacks a method for a layer.
    /// </summary>
    public sealed class GpuForwardTests
    {
        private static string Declare(string declaration) => $"using ConvAD;\n\nnamespace Models\n{{\n    /// <summary>A test model.</summary>\n    {declaration}\n}}\n";

        public static TheoryData<string, string, string, bool> Models => new TheoryData<string, string, string, bool>
        {
            { "SqueezeNet", "squeezenet1.1", "[ConvAdModel(\"squeezenet1.1-fp16.onnx\")] public partial class SqueezeNet { }", true },
            { "ResNet20", "cifar10", "[ConvAdModel(\"resnet20.convad.json\", Threshold = \"any\")] public partial class ResNet20 { }", true },
            { "Mnist", "mnist", "[ConvAdModel(\"mnist-8.onnx\", Threshold = \"all\")] public partial class Mnist { }", true },
            // int8 QDQ: QuantizeLinear, DequantizeLinear, Split, Transpose, ReduceMean.
            { "ShuffleNet", "shufflenet-v2", "public static partial class Zoo { [ConvAdModel(\"shufflenet-v2-12-qdq.onnx\")] public partial class ShuffleNet { } }", true },
            // QOperator int8: QLinearConv, com.microsoft QLinearAdd and QLinearGlobalAveragePool, QLinearMatMul.
            { "ResNet20Int8", "cifar10", "[ConvAdModel(\"resnet20-int8.convad.json\")] public partial class ResNet20Int8 { }", true },
        };

        [Theory]
        [MemberData(nameof(Models))]
        public void The_forward_pass_compiles_against_the_real_runtime_and_matches_the_golden_file(string name, string modelFolder, string declaration, bool runtimeMustRunIt)
        {
            GeneratorRun run = Harness(modelFolder, referenceGpu: true).Run(Declare(declaration));

            // The model class itself is exactly what a project without the GPU runtime gets.
            Assert.Equal(Golden(name), GoldenFiles.Normalize(run.ModelSource));
            string? lacking = null;
            if (run.GpuSource == null)
            {
                // The real runtime lacks an op of this model (today): CVAD011 says which, and it really is missing.
                Diagnostic d = Assert.Single(run.Diagnostics);
                Assert.Equal("CVAD011", d.Id);
                string op = Regex.Match(d.GetMessage(), @"has no layer for node '[^']*' \(([^)]+)\)").Groups[1].Value;
                Assert.DoesNotContain(op, RealOps());
                Assert.DoesNotContain(run.CompilationProblems, p => p.Severity == DiagnosticSeverity.Error);
                lacking = d.GetMessage();

                // The same forward pass against a runtime that has every op.
                run = Harness(modelFolder, referenceGpu: false).Run(Declare(declaration), GpuStub.Source(GpuStub.AllOps, new[] { "Split" }));
            }

            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.CompilationProblems);
            PipelineAssert.HoldsNoRoslynObjects(run.Result.Results.Single());
            MatchGolden(name + ".Gpu", run.GpuSource ?? throw new InvalidOperationException("no GPU forward pass was generated"));
            Assert.False(runtimeMustRunIt && lacking != null, $"ConvAD.Gpu cannot run {name}: {lacking}");
        }

        [Fact]
        public void Without_the_gpu_runtime_nothing_gpu_related_is_generated()
        {
            GeneratorRun run = Harness("cifar10", referenceGpu: false).Run(Declare("[ConvAdModel(\"resnet20.convad.json\", Threshold = \"any\")] public partial class ResNet20 { }"));

            Assert.Empty(run.Diagnostics);
            string source = Assert.Single(run.Result.GeneratedTrees).ToString();
            Assert.DoesNotContain("ConvAD.Gpu", source);
            Assert.DoesNotContain("ForwardLayers", source);
            Assert.DoesNotContain("LoadGpu", source);
            Assert.Equal(Golden("ResNet20"), GoldenFiles.Normalize(source));
            Assert.DoesNotContain(run.Output.References, r => Path.GetFileName(r.Display ?? "") == "ConvAD.Gpu.dll");
        }

        [Fact]
        public void CVAD011_an_op_the_real_runtime_lacks_names_the_node_and_the_op_and_the_class_is_still_generated()
        {
            const string op = "Softsign";
            Assert.DoesNotContain(op, RealOps()); // if the runtime gains it, pick another op here
            using var project = new ScratchDirectory();
            string model = project.Write("small.onnx", OnnxBuilder.SmallClassifier(op));
            GeneratorRun run = new GeneratorHarness(project.Path, model) { ReferenceGpu = true }.Run(Declare("[ConvAdModel(\"small.onnx\")] public partial class Small { }"));

            Diagnostic d = Assert.Single(run.Diagnostics, x => x.Id == "CVAD011");
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("node 'act' (Softsign)", d.GetMessage());
            Assert.Contains("small.onnx", d.GetMessage());
            Assert.Equal(5, d.Location.GetLineSpan().StartLinePosition.Line); // on the attribute
            Assert.Null(run.GpuSource);
            Assert.Contains("partial class Small", run.ModelSource);
            Assert.DoesNotContain(run.CompilationProblems, p => p.Severity == DiagnosticSeverity.Error);
            Assert.DoesNotContain(run.DriverDiagnostics, x => x.Id == "CS8785");
        }

        [Fact]
        public void CVAD011_from_the_ops_the_compilation_offers_not_from_a_list_in_the_generator()
        {
            // ResNet-20 against a runtime without Gemm: the ops come from the GpuLayers the compilation sees.
            string[] withoutGemm = GpuStub.AllOps.Where(o => o != "Gemm").ToArray();
            GeneratorRun run = Harness("cifar10", referenceGpu: false)
                .Run(Declare("[ConvAdModel(\"resnet20.convad.json\", Threshold = \"any\")] public partial class ResNet20 { }"), GpuStub.Source(withoutGemm));
            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal("CVAD011", d.Id);
            Assert.Contains("node '/fc/Gemm' (Gemm)", d.GetMessage());
            Assert.Null(run.GpuSource);

            // Several missing ops: the first node, and the others counted.
            run = Harness("cifar10", referenceGpu: false)
                .Run(Declare("[ConvAdModel(\"resnet20.convad.json\", Threshold = \"any\")] public partial class ResNet20 { }"), GpuStub.Source(new[] { "Conv", "Gemm" }));
            string message = Assert.Single(run.Diagnostics).GetMessage();
            Assert.Contains("node '/relu/Relu' (Relu)", message);
            Assert.Contains("nor for 29 other of the model's 52 layers (ops missing: Relu, Add, GlobalAveragePool, Reshape)", message);
        }

        [Theory]
        [InlineData("no-loader")]
        [InlineData("no-checkpoint")]
        [InlineData("single-output-split")]
        public void CVAD011_when_the_runtime_is_of_another_shape(string variant)
        {
            string stub = variant switch
            {
                "no-loader" => GpuStub.Source(GpuStub.AllOps, new[] { "Split" }, loader: false),
                "no-checkpoint" => GpuStub.Source(GpuStub.AllOps, new[] { "Split" }, steps: new[] { "PropagateMask", "CombineMasks", "DeactivateLowest", "ResetDeactivated" }),
                _ => GpuStub.Source(GpuStub.AllOps.Concat(new[] { "Split" })),
            };
            GeneratorRun run = Harness("shufflenet-v2", referenceGpu: false)
                .Run(Declare("[ConvAdModel(\"shufflenet-v2-12-qdq.onnx\")] public partial class ShuffleNet { }"), stub);
            string message = Assert.Single(run.Diagnostics, d => d.Id == "CVAD011").GetMessage();
            Assert.Contains(variant switch { "no-loader" => "GeneratedGpuModel", "no-checkpoint" => "no method Deactivate", _ => "'Split_23_quant' has 2 outputs, so the runtime's Split must return DeviceTensor[]" }, message);
            Assert.Null(run.GpuSource);
            Assert.DoesNotContain(run.CompilationProblems, p => p.Severity == DiagnosticSeverity.Error);
        }

        [Fact]
        public void Node_names_that_are_not_identifiers_become_string_literals_and_one_line_comments()
        {
            using var project = new ScratchDirectory();
            string model = project.Write("odd.onnx", OnnxBuilder.SmallClassifier("Relu", convName: "conv \"1\"\n// */ \\ \u2028end"));
            GeneratorRun run = new GeneratorHarness(project.Path, model) { ReferenceGpu = true }.Run(Declare("[ConvAdModel(\"odd.onnx\")] public partial class Odd { }"));

            Assert.DoesNotContain(run.Diagnostics, d => d.Id != "CVAD009");
            Assert.Empty(run.CompilationProblems);
            string source = run.GpuSource!;
            Assert.Contains("L.Conv(\"conv \\\"1\\\"\\n// */ \\\\ \\u2028end\", d0)", source);
        }

        [Fact]
        public void A_custom_domain_op_is_not_run_by_the_runtime()
        {
            using var project = new ScratchDirectory();
            string model = project.Write("custom.onnx", OnnxBuilder.SmallClassifier("Relu", activationDomain: "com.example"));
            GeneratorRun run = new GeneratorHarness(project.Path, model) { ReferenceGpu = true }.Run(Declare("[ConvAdModel(\"custom.onnx\")] public partial class Custom { }"));
            if (run.Diagnostics.Any(d => d.Id == "CVAD003"))
            {
                return; // ConvAD itself refuses the op: nothing to generate at all
            }

            string message = Assert.Single(run.Diagnostics, d => d.Id == "CVAD011").GetMessage();
            Assert.Contains("node 'act' (com.example.Relu)", message);
            Assert.Null(run.GpuSource);
        }

        [Fact]
        public void The_generated_calls_are_the_layer_sequence_the_runtime_interprets()
        {
            string folder = RepoPaths.File("models", "cifar10");
            GeneratorRun run = Harness("cifar10", referenceGpu: true).Run(Declare("[ConvAdModel(\"resnet20.convad.json\", Threshold = \"any\")] public partial class ResNet20 { }"));
            var model = ConvAD.Onnx.OnnxReader.Read(File.ReadAllBytes(Path.Combine(folder, "resnet20.onnx")));
            var plan = ConvAD.Plan.ConvAdPlanBuilder.Build(model, new ConvAD.Plan.PlanOptions { Threshold = ConvAD.Plan.PropagationThreshold.Parse("any") });
            var sequence = ConvAD.Plan.LayerSequence.Build(model, plan);

            string[] generated = Regex.Matches(run.GpuSource!, @"var (\w+) = L\.(\w+)\(").Select(m => $"{m.Groups[1].Value}={m.Groups[2].Value}").ToArray();
            string[] expected = sequence.Masks.Concat(sequence.Layers).Select(c => $"{c.Results[0]}={c.Method}").ToArray();
            Assert.Equal(expected, generated);
            Assert.Contains($"return {sequence.Output};", run.GpuSource);
        }

        [Fact]
        public void The_generated_forward_pass_gives_the_scores_of_the_runtime_interpreter_bitwise()
        {
            // Compiled, loaded and run on ILGPU's CPU accelerator: LoadGpu (fingerprint check, plan options of the
            // attribute) with ForwardLayers, against the runtime's own interpretation of the same layer sequence.
            string folder = RepoPaths.File("models", "mnist");
            string model = Path.Combine(folder, "mnist-8.onnx");
            GeneratorRun run = Harness("mnist", referenceGpu: true).Run(Declare("[ConvAdModel(\"mnist-8.onnx\", Threshold = \"all\")] public partial class Mnist { }"));
            Assert.Empty(run.Diagnostics);
            MethodInfo loadGpu = GeneratedGpuForward.LoadGpuOf(run, "Models.Mnist");

            const int count = 2;
            var random = new Random(7);
            float[] images = Enumerable.Range(0, count * 28 * 28).Select(_ => (float)random.NextDouble() * 255f).ToArray();
            float[] masks = Enumerable.Range(0, count * 28 * 28).Select(i => i % 28 < 14 + i / (28 * 28) * 5 ? 0f : 1f).ToArray();
            GeneratedGpuForward.AssertBitwiseInterpreter(loadGpu, model, images, masks, count,
                new ConvAD.Plan.PlanOptions { Threshold = ConvAD.Plan.PropagationThreshold.Parse("all") });

            // Another model file is refused as by the generated Load().
            var e = Assert.Throws<TargetInvocationException>(() => loadGpu.Invoke(null, new object[] { RepoPaths.File("models", "cifar10", "small-cnn.onnx"), DeviceKind.CudaEmulated }));
            Assert.IsType<ConvAD.Generated.ModelFingerprintMismatchException>(e.InnerException);
        }

        internal static GeneratorHarness Harness(string modelFolder, bool referenceGpu)
        {
            string folder = RepoPaths.File("models", modelFolder);
            return new GeneratorHarness(folder, Directory.GetFiles(folder, "*.onnx").Concat(Directory.GetFiles(folder, "*.convad.json")).ToArray()) { ReferenceGpu = referenceGpu };
        }

        /// <summary>The op methods of the real GpuLayers, found as the runtime and the generator find them: by their shape.</summary>
        internal static string[] RealOps() =>
            typeof(GpuLayers).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => (m.ReturnType == typeof(DeviceTensor) || m.ReturnType == typeof(DeviceTensor[])) && m.GetParameters() is { Length: 2 } p &&
                            p[0].ParameterType == typeof(string) && p[1].ParameterType == typeof(DeviceTensor[]) && p[1].IsDefined(typeof(ParamArrayAttribute), false))
                .Select(m => m.Name)
                .ToArray();

        private static string Golden(string name) => GoldenFiles.Read(name);

        private static void MatchGolden(string name, string generated) => GoldenFiles.Match(name, generated);
    }
}
