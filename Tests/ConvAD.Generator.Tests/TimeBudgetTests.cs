using System.Collections.Generic;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Tests;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// The generator reads and plans each model within the project's ConvAdModelTimeBudget: over it, CVAD018 at the model's
    /// path and no class, never a build that hangs; a reading over the budget is not cached, so the next build tries again.
    /// </summary>
    public sealed class TimeBudgetTests
    {
        private const string Source = "using ConvAD;\nnamespace App { [ConvAdModel(\"resnet20.onnx\")] public partial class Net { } }";

        [Fact]
        public void A_model_over_the_time_budget_is_CVAD018_and_the_next_build_within_it_generates_the_class()
        {
            // 200,000 Relus take the reader, shape inference and the plan far longer than 10 ms on any machine (about a
            // second here); a copy of its own, so no other test's cached reading answers.
            using var project = new ScratchDirectory();
            string model = project.Write("chain.onnx", OnnxBuilder.LongChain(200_000));
            const string source = "using ConvAD;\nnamespace App { [ConvAdModel(\"chain.onnx\")] public partial class Net { } }";

            GeneratorRun over = new GeneratorHarness(project.Path, model) { BuildProperties = Budget("0.01") }.Run(source);
            Diagnostic d = Assert.Single(over.Diagnostics.Where(x => x.Severity == DiagnosticSeverity.Error));
            Assert.Equal("CVAD018", d.Id);
            Assert.Contains("Reading and planning 'chain.onnx' took longer than 0.01 s", d.GetMessage());
            Assert.Contains("<ConvAdModelTimeBudget>", d.GetMessage());
            // Located on the attribute's path (the generator reports by file position, so find the tree by its path).
            SyntaxTree tree = over.Output.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path);
            Assert.Equal("\"chain.onnx\"", tree.GetText().ToString(d.Location.SourceSpan));
            Assert.Empty(over.Result.GeneratedTrees);

            // Not cached: the same file within a budget that holds it gets its class.
            GeneratorRun within = new GeneratorHarness(project.Path, model) { BuildProperties = Budget("600") }.Run(source);
            Assert.DoesNotContain(within.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
            Assert.Contains("partial class Net", within.ModelSource);
        }

        [Theory]
        [InlineData("abc")]
        [InlineData("-5")]
        [InlineData("0")]
        public void A_budget_that_is_not_a_positive_number_of_seconds_is_the_default(string value)
        {
            using var project = new ScratchDirectory();
            string model = project.Copy(RepoPaths.File("models", "cifar10", "resnet20.onnx"));
            GeneratorRun run = new GeneratorHarness(project.Path, model) { BuildProperties = Budget(value) }.Run(Source);
            Assert.DoesNotContain(run.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        }

        private static IReadOnlyDictionary<string, string> Budget(string seconds) => new Dictionary<string, string> { ["ConvAdModelTimeBudget"] = seconds };
    }
}
