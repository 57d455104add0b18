using System.Collections.Generic;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// A model that breaks a rule of ONNX (CVAD013), a size limit (CVAD014) or keeps tensors in external files
    /// (CVAD003) fails the build with that one error, names what is wrong, and generates nothing; never CVAD010.
    /// </summary>
    public sealed class InvalidModelTests
    {
        private static readonly Dictionary<string, string> IdOfRule = new Dictionary<string, string>
        {
            ["Onnx"] = "CVAD013",
            ["Limit"] = "CVAD014",
            ["ExternalData"] = "CVAD003",
        };

        public static IEnumerable<object[]> InvalidCases() => HostileModels.Invalid().Select(c => new object[] { c.Name });

        [Theory]
        [MemberData(nameof(InvalidCases))]
        public void Each_invalid_model_is_its_own_error(string name)
        {
            (string _, HostileModels.Spec spec, string rule, string message) = HostileModels.Invalid().Single(c => c.Name == name);
            using var project = new ScratchDirectory();
            string model = project.Write("m.onnx", HostileModels.Write(spec));
            GeneratorRun run = new GeneratorHarness(project.Path, model).Run(
                "using ConvAD;\n\nnamespace App\n{\n    [ConvAdModel(\"m.onnx\")]\n    public partial class Net { }\n}\n");

            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal(IdOfRule[rule], d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains(message, d.GetMessage());
            Assert.Empty(run.Result.GeneratedTrees);
        }

        [Fact]
        public void The_unbroken_model_generates_code_that_compiles()
        {
            using var project = new ScratchDirectory();
            string model = project.Write("m.onnx", HostileModels.Write(new HostileModels.Spec()));
            GeneratorRun run = new GeneratorHarness(project.Path, model).Run(
                "using ConvAD;\n\nnamespace App\n{\n    [ConvAdModel(\"m.onnx\")]\n    public partial class Net { }\n}\n");

            Assert.Equal(new[] { "CVAD009" }, run.Diagnostics.Select(d => d.Id));
            Assert.Single(run.Result.GeneratedTrees);
            Assert.DoesNotContain(run.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
        }

        [Fact]
        public void An_input_just_within_the_limits_compiles()
        {
            // 3 × 9000 × 9000 values is just under the 2^28 per image allowed; the InputLength constant must fit an int.
            using var project = new ScratchDirectory();
            string model = project.Write("m.onnx", HostileModels.Write(new HostileModels.Spec { Height = 9000, Width = 9000 }));
            GeneratorRun run = new GeneratorHarness(project.Path, model).Run(
                "using ConvAD;\n\nnamespace App\n{\n    [ConvAdModel(\"m.onnx\")]\n    public partial class Net { }\n}\n");

            Assert.Equal(new[] { "CVAD009" }, run.Diagnostics.Select(d => d.Id));
            Assert.DoesNotContain(run.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
        }
    }
}
