using System;
using System.Diagnostics;
using System.IO;
using ConvAD.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// A 100 MB model must cost at most a few hundred milliseconds of compile time: the generator reads the
    /// graph and fingerprints the file without reading all the weights. CONVAD_COST_MODEL=path measures
    /// another model as well (e.g. a full-size torchvision export; see scripts/export_torchvision.py).
    /// </summary>
    public sealed class CompileCostTests
    {
        private readonly ITestOutputHelper _output;

        public CompileCostTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void A_100_MB_model_costs_milliseconds()
        {
            using var project = new ScratchFolder();
            string model = project.File("large.onnx");
            OnnxBuilder.WriteClassifier(model, channels: 25_000, classes: 1_000);
            Assert.True(new FileInfo(model).Length > 100_000_000);

            TimeSpan elapsed = Measure(project.Path, model, expectDiagnostics: true);
            // "A few hundred milliseconds" (issue 3); about 45 ms measured warm on 2 cores, see docs/generator.md.
            Assert.True(elapsed < TimeSpan.FromMilliseconds(500), $"generator took {elapsed.TotalMilliseconds:0} ms on a 100 MB model");

            string? other = Environment.GetEnvironmentVariable("CONVAD_COST_MODEL");
            if (!string.IsNullOrEmpty(other))
            {
                other = Path.GetFullPath(other);
                TimeSpan otherElapsed = Measure(Path.GetDirectoryName(other)!, other, expectDiagnostics: false);
                Assert.True(otherElapsed < TimeSpan.FromMilliseconds(500), $"generator took {otherElapsed.TotalMilliseconds:0} ms on {other}");
            }
        }

        // The first run of a fresh driver reads the model, as a command-line build does (the graph cache is
        // keyed on the file's stamp, and each test writes its own file).
        private TimeSpan Measure(string projectDirectory, string model, bool expectDiagnostics)
        {
            string source = $"using ConvAD;\n\nnamespace App\n{{\n    [ConvAdModel(\"{Path.GetFileName(model)}\")]\n    public partial class Net {{ }}\n}}\n";
            var harness = new GeneratorHarness(projectDirectory, model);
            // JIT the generator on a small model first: the compiler server and the IDE keep it loaded, so
            // the steady cost of a build is the warm one (the cold first use adds JIT time once per process).
            string warmup = RepoPaths.File("models", "mnist", "mnist-8.onnx");
            new GeneratorHarness(Path.GetDirectoryName(warmup)!, warmup).Run(source.Replace(Path.GetFileName(model), "mnist-8.onnx"));
            Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.Compile(source);
            Microsoft.CodeAnalysis.GeneratorDriver driver = harness.CreateDriver();

            var watch = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            watch.Stop();

            Microsoft.CodeAnalysis.GeneratorDriverRunResult result = driver.GetRunResult();
            Assert.Single(result.GeneratedTrees);
            if (!expectDiagnostics)
            {
                Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            }

            string line = $"[compile cost] {Path.GetFileName(model)} ({new FileInfo(model).Length / 1e6:0.0} MB): {watch.Elapsed.TotalMilliseconds:0} ms in the generator";
            _output.WriteLine(line);
            Console.WriteLine(line);
            return watch.Elapsed;
        }
    }
}
