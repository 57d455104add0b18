using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Tests;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// A QOperator int8 model (models/cifar10/resnet20-int8.onnx): the generator builds the same plan as the engine and
    /// writes the model class (Golden/ResNet20Int8.g.cs, GoldenTests); ConvAD's GPU runtime has no quantized-operator
    /// layers, so with it referenced the forward pass is CVAD011 naming the first such node, and the class is still
    /// generated, unchanged.
    /// </summary>
    public sealed class QOperatorGeneratorTests
    {
        private const string Declaration = "using ConvAD;\n\nnamespace Models\n{\n    /// <summary>A test model.</summary>\n    " +
            "[ConvAdModel(\"resnet20-int8.convad.json\")] public partial class ResNet20Int8 { }\n}\n";

        [Fact]
        public void A_qoperator_model_gets_its_class_and_CVAD011_for_the_gpu_forward_pass()
        {
            GeneratorRun run = GpuForwardTests.Harness("cifar10", referenceGpu: true).Run(Declaration);

            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal("CVAD011", d.Id);
            Assert.Contains("(QLinearConv)", d.GetMessage());
            Assert.Null(run.GpuSource);
            Assert.DoesNotContain(run.CompilationProblems, p => p.Severity == DiagnosticSeverity.Error);
            Assert.Equal(GoldenFiles.Read("ResNet20Int8"), GoldenFiles.Normalize(run.ModelSource));
        }
    }
}
