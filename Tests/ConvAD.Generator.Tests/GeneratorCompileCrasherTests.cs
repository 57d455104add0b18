using System.IO;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Tests;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// The models the compile fuzzer's first campaign turned into CVAD010 (docs/reliability.md, "Fuzzing"), committed
    /// in Tests/Fuzz/corpus/generator: each now ends in the diagnostic that names its node and what is wrong with it.
    /// </summary>
    public sealed class GeneratorCompileCrasherTests
    {
        /// <param name="file">The crasher, in the generator's corpus.</param>
        /// <param name="node">The node the diagnostic must name.</param>
        /// <param name="reason">What it must say about it.</param>
        [Theory]
        // A QLinearAveragePool with an extra input before its data: the pool's data input is a scalar zero point
        // (IndexOutOfRangeException reading its height).
        [InlineData("crash-qlinear-pool-data-not-first.onnx", "QLinearAveragePool", "input 1 ('xq') is a spatial tensor where a parameter was expected")]
        // A QLinearMul with an extra input first makes its output a scalar, which a QLinearConv then reads as its image.
        [InlineData("crash-conv-reads-scalar.onnx", "QLinearConv", "where a 4-D image tensor was expected")]
        // A Slice rewired so that its steps input is a zero (DivideByZeroException in shape inference).
        [InlineData("crash-slice-step-zero.onnx", "Slice", "a Slice step is 0")]
        public void A_crasher_of_the_compile_fuzzer_ends_in_a_diagnostic_naming_its_node(string file, string node, string reason)
        {
            using var project = new ScratchDirectory();
            string model = project.Write("model.onnx", File.ReadAllBytes(RepoPaths.File("Tests", "Fuzz", "corpus", "generator", file)));

            GeneratorRun run = new GeneratorHarness(project.Path, model).Run(
                "using ConvAD;\n\nnamespace App\n{\n    [ConvAdModel(\"model.onnx\")]\n    public partial class M { }\n}\n");

            Diagnostic diagnostic = Assert.Single(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.NotEqual("CVAD010", diagnostic.Id);
            string message = diagnostic.GetMessage();
            Assert.True(message.Contains(node, System.StringComparison.Ordinal) && message.Contains(reason, System.StringComparison.Ordinal), message);
            Assert.Empty(run.Result.GeneratedTrees);
        }
    }
}
