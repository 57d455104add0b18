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
    /// ConvInteger and MatMulInteger in the generated GPU forward pass: written as calls (with the Cast after them) and
    /// bitwise the interpreter's; where the scale of their input comes from the data, CVAD011 names the node and why.
    /// </summary>
    public sealed class IntegerOpsForwardTests
    {
        private static GeneratorRun Generate(string file, string type)
        {
            string model = RepoPaths.File("Tests", "Fixtures", "models", "qoperator", file);
            string source = $"using ConvAD;\n\nnamespace Models\n{{\n    /// <summary>A test model.</summary>\n    [ConvAdModel(\"{file}\")] public partial class {type} {{ }}\n}}\n";
            return new GeneratorHarness(Path.GetDirectoryName(model)!, model) { ReferenceGpu = true }.Run(source);
        }

        [Fact]
        public void The_generated_forward_pass_of_integer_ops_is_the_interpreters_bitwise()
        {
            GeneratorRun run = Generate("qoperator_ops.onnx", "QOps");
            Assert.DoesNotContain(run.Diagnostics, d => d.Id != "CVAD009"); // no sidecar beside the fixture: the default description
            Assert.Contains("L.ConvInteger(\"i_acc\"", run.GpuSource);
            Assert.Contains("L.MatMulInteger(\"k_acc\"", run.GpuSource);
            Assert.Contains("L.Cast(\"i_acc_f\"", run.GpuSource);

            const int count = 2;
            var random = new Random(5);
            float[] images = Enumerable.Range(0, count * 3 * 16 * 16).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray();
            float[] masks = Enumerable.Range(0, count * 16 * 16).Select(i => (i % 16) < 3 + 7 * (i / (16 * 16)) ? 0f : 1f).ToArray();
            string model = RepoPaths.File("Tests", "Fixtures", "models", "qoperator", "qoperator_ops.onnx");
            GeneratedGpuForward.AssertBitwiseInterpreter(GeneratedGpuForward.LoadGpuOf(run, "Models.QOps"), model, images, masks, count);
        }

        [Fact]
        public void CVAD011_names_an_integer_op_whose_scale_comes_from_the_data_and_the_class_is_still_generated()
        {
            GeneratorRun run = Generate("qoperator_dynamic.onnx", "Dynamic");
            Diagnostic d = Assert.Single(run.Diagnostics, x => x.Id == "CVAD011");
            Assert.Contains("node 'fc_acc' (MatMulInteger)", d.GetMessage());
            Assert.Contains("DynamicQuantizeLinear 'flat_quantize'", d.GetMessage());
            Assert.Null(run.GpuSource);
            Assert.Contains("partial class Dynamic", run.ModelSource);
            Assert.DoesNotContain(run.CompilationProblems, p => p.Severity == DiagnosticSeverity.Error);
        }
    }
}
