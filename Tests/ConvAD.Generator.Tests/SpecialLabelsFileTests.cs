using System.IO;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// A sidecar whose labels file is a device (a link to /dev/zero inside the project, or /dev/zero itself) is a clean
    /// CVAD007, never an out-of-memory CVAD010 or a build that reads forever.
    /// </summary>
    public sealed class SpecialLabelsFileTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Labels_on_dev_zero_are_a_clean_error(bool throughLink)
        {
            if (System.OperatingSystem.IsWindows())
            {
                return; // no /dev/zero there
            }

            using var project = new ScratchDirectory();
            string model = project.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"), "m.onnx");
            string labels = "/dev/zero";
            if (throughLink)
            {
                File.CreateSymbolicLink(project.File("zero.txt"), "/dev/zero");
                labels = "zero.txt";
            }

            string sidecar = project.Write("m.convad.json", $"{{ \"model\": \"m.onnx\", \"labels\": \"{labels}\" }}");
            GeneratorRun run = new GeneratorHarness(project.Path, model, sidecar).Run(
                "using ConvAD;\n\nnamespace App\n{\n    [ConvAdModel(\"m.onnx\")]\n    public partial class Net { }\n}\n");

            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal("CVAD007", d.Id);
            Assert.Empty(run.Result.GeneratedTrees);
        }
    }
}
