using System;
using System.Diagnostics;
using System.IO;
using ConvAD.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// A 100 MB model must cost at most a few hundred milliseconds of compile time: the generator reads the
    /// graph and fingerprints the file without reading all the weights. Time is measured and printed, not
    /// asserted (shared machines are noisy); what is asserted is the cause of the speed: the bytes the
    /// process reads while the generator runs stay far below the file's size (Linux /proc/self/io).
    /// CONVAD_COST_MODEL=path measures another model as well (e.g. a full-size torchvision export; see
    /// scripts/export_torchvision.py).
    /// </summary>
    public sealed class CompileCostTests
    {
        private readonly ITestOutputHelper _output;

        public CompileCostTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void A_100_MB_model_costs_milliseconds()
        {
            using var project = new ScratchDirectory();
            string model = project.File("large.onnx");
            OnnxBuilder.WriteClassifier(model, channels: 25_000, classes: 1_000);
            Assert.True(new FileInfo(model).Length > 100_000_000);

            long bytesRead = Measure(project.Path, model, expectDiagnostics: true);
            if (bytesRead >= 0)
            {
                // Other tests may read files at the same time; 16 MB is still far below the 100 MB of weights.
                Assert.True(bytesRead < 16_000_000, $"the process read {bytesRead / 1e6:0.0} MB while the generator ran on a 100 MB model");
            }

            string? other = Environment.GetEnvironmentVariable("CONVAD_COST_MODEL");
            if (!string.IsNullOrEmpty(other))
            {
                other = Path.GetFullPath(other);
                Measure(Path.GetDirectoryName(other)!, other, expectDiagnostics: false);
            }
        }

        /// <summary>Bytes this process has read through system calls so far, or -1 where the OS does not say.</summary>
        private static long ProcessBytesRead()
        {
            const string io = "/proc/self/io";
            if (!File.Exists(io))
            {
                return -1;
            }

            foreach (string line in File.ReadAllLines(io))
            {
                if (line.StartsWith("rchar:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Substring(6).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return -1;
        }

        // The first run of a fresh driver reads the model, as a command-line build does (the graph cache is
        // keyed on the file's stamp, and each test writes its own file).
        /// <returns>The bytes read by the process while the generator ran, or -1 where unknown.</returns>
        private long Measure(string projectDirectory, string model, bool expectDiagnostics)
        {
            string source = $"using ConvAD;\n\nnamespace App\n{{\n    [ConvAdModel(\"{Path.GetFileName(model)}\")]\n    public partial class Net {{ }}\n}}\n";
            var harness = new GeneratorHarness(projectDirectory, model);
            // JIT the generator on a small model first: the compiler server and the IDE keep it loaded, so
            // the steady cost of a build is the warm one (the cold first use adds JIT time once per process).
            string warmup = RepoPaths.File("models", "mnist", "mnist-8.onnx");
            new GeneratorHarness(Path.GetDirectoryName(warmup)!, warmup).Run(source.Replace(Path.GetFileName(model), "mnist-8.onnx"));
            Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.Compile(source);
            Microsoft.CodeAnalysis.GeneratorDriver driver = harness.CreateDriver();

            long before = ProcessBytesRead();
            var watch = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            watch.Stop();
            long read = before < 0 ? -1 : ProcessBytesRead() - before;

            Microsoft.CodeAnalysis.GeneratorDriverRunResult result = driver.GetRunResult();
            Assert.Single(result.GeneratedTrees);
            if (!expectDiagnostics)
            {
                Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            }

            string line = $"[compile cost] {Path.GetFileName(model)} ({new FileInfo(model).Length / 1e6:0.0} MB): {watch.Elapsed.TotalMilliseconds:0} ms in the generator, {read / 1e6:0.00} MB read";
            _output.WriteLine(line);
            Console.WriteLine(line);
            return read;
        }
    }
}
