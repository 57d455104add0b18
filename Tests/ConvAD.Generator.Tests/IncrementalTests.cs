extern alias generator;

using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Fuzz.GeneratorCompile;
using ConvAD.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using TrackingNames = generator::ConvAD.Generator.TrackingNames;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>What makes the generator work again: a changed model file does; nothing else regenerates the class.</summary>
    public sealed class IncrementalTests
    {
        private const string Source = "using ConvAD;\n\nnamespace App\n{\n    [ConvAdModel(\"mnist-8.onnx\")]\n    public partial class Mnist { }\n}\n";

        private static readonly string[] OurSteps =
        {
            TrackingNames.Targets, TrackingNames.Settings, TrackingNames.ModelFiles, TrackingNames.TextFiles, TrackingNames.Results, TrackingNames.Specs, TrackingNames.Diagnostics,
        };

        [Fact]
        public void A_second_run_on_the_same_input_is_all_cached_or_unchanged()
        {
            string folder = RepoPaths.File("models", "mnist");
            var harness = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"), Path.Combine(folder, "mnist-8.convad.json"));
            CSharpCompilation compilation = GeneratorHarness.Compile(Source);
            GeneratorDriver driver = harness.CreateDriver().RunGenerators(compilation);
            driver = driver.RunGenerators(compilation.Clone());

            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Single(result.GeneratedSources);
            Dictionary<string, IncrementalStepRunReason[]> steps = Reasons(result);
            Assert.Equal(OurSteps.OrderBy(s => s), steps.Keys.Where(OurSteps.Contains).OrderBy(s => s));
            foreach (KeyValuePair<string, IncrementalStepRunReason[]> step in steps)
            {
                Assert.All(step.Value, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step.Key}: {reason}"));
            }
        }

        [Fact]
        public void Editing_or_moving_code_does_not_regenerate_the_model_class()
        {
            string folder = RepoPaths.File("models", "mnist");
            var harness = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"), Path.Combine(folder, "mnist-8.convad.json"));
            CSharpCompilation compilation = GeneratorHarness.Compile(Source);
            GeneratorDriver driver = harness.CreateDriver().RunGenerators(compilation);

            // A new file elsewhere, and the annotated class moved down by two lines.
            SyntaxTree moved = CSharpSyntaxTree.ParseText("\n\n" + Source, (CSharpParseOptions)compilation.SyntaxTrees[0].Options, compilation.SyntaxTrees[0].FilePath);
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], moved)
                .AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public static class Other { public static int X => 1; } }", path: "/src/Other.cs"));
            driver = driver.RunGenerators(edited);

            Dictionary<string, IncrementalStepRunReason[]> steps = Reasons(driver.GetRunResult().Results.Single());
            Assert.Contains(IncrementalStepRunReason.Modified, steps[TrackingNames.Targets]); // the attribute moved…
            Assert.All(steps[TrackingNames.Specs], reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString())); // …the class did not change
        }

        [Fact]
        public void Changing_the_model_file_regenerates_the_class()
        {
            using var project = new ScratchDirectory();
            string model = project.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"), "mnist-8.onnx");
            var harness = new GeneratorHarness(project.Path, model);
            CSharpCompilation compilation = GeneratorHarness.Compile(Source);
            GeneratorDriver driver = harness.CreateDriver().RunGenerators(compilation);
            string before = driver.GetRunResult().GeneratedTrees.Single().ToString();

            // Another model written over the same file: the IDE and the build hand the generator a new additional text.
            File.Copy(RepoPaths.File("models", "cifar10", "small-cnn.onnx"), model, overwrite: true);
            driver = driver.ReplaceAdditionalText(harness.ModelFiles[0], new ProjectFileText(model)).RunGenerators(compilation);

            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result)[TrackingNames.Specs]);
            string after = result.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("public const int Height = 28;", before);
            Assert.Contains("public const int Height = 32;", after);
        }

        [Fact]
        public void Editing_the_labels_file_regenerates_the_class()
        {
            using var project = new ScratchDirectory();
            GeneratorHarness harness = LabelledProject(project, out string labels, out _);
            CSharpCompilation compilation = GeneratorHarness.Compile(Source);
            GeneratorDriver driver = harness.CreateDriver().RunGenerators(compilation);
            Assert.Contains("\"nine\", // 9", driver.GetRunResult().GeneratedTrees.Single().ToString());

            // The IDE and the build hand the generator the edited text as a new additional text.
            AdditionalText edited = new ProjectFileText(labels, File.ReadAllText(labels).Replace("nine", "neun"));
            driver = driver.ReplaceAdditionalText(harness.ModelFiles.Single(f => f.Path == labels), edited).RunGenerators(compilation);

            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Dictionary<string, IncrementalStepRunReason[]> steps = Reasons(result);
            Assert.Contains(IncrementalStepRunReason.Modified, steps[TrackingNames.TextFiles]);
            Assert.Contains(IncrementalStepRunReason.Modified, steps[TrackingNames.Specs]);
            Assert.All(steps[TrackingNames.ModelFiles], reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
            string after = result.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("\"neun\", // 9", after);
            Assert.DoesNotContain("\"nine\"", after);
        }

        [Fact]
        public void Editing_an_unrelated_text_file_keeps_the_class_cached()
        {
            using var project = new ScratchDirectory();
            GeneratorHarness harness = LabelledProject(project, out _, out string notes);
            CSharpCompilation compilation = GeneratorHarness.Compile(Source);
            GeneratorDriver driver = harness.CreateDriver().RunGenerators(compilation);

            AdditionalText edited = new ProjectFileText(notes, "edited notes\n");
            driver = driver.ReplaceAdditionalText(harness.ModelFiles.Single(f => f.Path == notes), edited).RunGenerators(compilation);

            Dictionary<string, IncrementalStepRunReason[]> steps = Reasons(driver.GetRunResult().Results.Single());
            Assert.Contains(IncrementalStepRunReason.Modified, steps[TrackingNames.TextFiles]);
            foreach (string step in new[] { TrackingNames.ModelFiles, TrackingNames.Results, TrackingNames.Specs, TrackingNames.Diagnostics })
            {
                Assert.NotEmpty(steps[step]);
                Assert.All(steps[step], reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
            }
        }

        // MNIST with its description and labels file, and another text file beside them, all additional files (as the package's targets add them).
        private static GeneratorHarness LabelledProject(ScratchDirectory project, out string labels, out string notes)
        {
            string model = project.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"), "mnist-8.onnx");
            string sidecar = project.Copy(RepoPaths.File("models", "mnist", "mnist-8.convad.json"), "mnist-8.convad.json");
            labels = project.Write("mnist_classes.txt", "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");
            notes = project.Write("notes.txt", "not labels\n");
            return new GeneratorHarness(project.Path, model, sidecar, labels, notes);
        }

        [Fact]
        public void With_the_gpu_runtime_a_second_run_is_all_cached_or_unchanged()
        {
            string folder = RepoPaths.File("models", "mnist");
            var harness = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"), Path.Combine(folder, "mnist-8.convad.json")) { ReferenceGpu = true };
            CSharpCompilation compilation = GeneratorHarness.Compile(true, Source);
            GeneratorDriver driver = harness.CreateDriver().RunGenerators(compilation);
            driver = driver.RunGenerators(compilation.Clone());

            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Equal(2, result.GeneratedSources.Length); // the model class and its GPU forward pass
            Dictionary<string, IncrementalStepRunReason[]> steps = Reasons(result, GpuSteps);
            Assert.Equal(GpuSteps.OrderBy(s => s), steps.Keys.OrderBy(s => s));
            foreach (KeyValuePair<string, IncrementalStepRunReason[]> step in steps)
            {
                Assert.All(step.Value, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step.Key}: {reason}"));
            }
        }

        [Fact]
        public void With_the_gpu_runtime_editing_or_moving_code_does_not_regenerate_the_forward_pass()
        {
            string folder = RepoPaths.File("models", "mnist");
            var harness = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"), Path.Combine(folder, "mnist-8.convad.json")) { ReferenceGpu = true };
            CSharpCompilation compilation = GeneratorHarness.Compile(true, Source);
            GeneratorDriver driver = harness.CreateDriver().RunGenerators(compilation);

            SyntaxTree moved = CSharpSyntaxTree.ParseText("\n\n" + Source, (CSharpParseOptions)compilation.SyntaxTrees[0].Options, compilation.SyntaxTrees[0].FilePath);
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], moved)
                .AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public static class Other { public static int X => 1; } }", path: "/src/Other.cs"));
            driver = driver.RunGenerators(edited);

            Dictionary<string, IncrementalStepRunReason[]> steps = Reasons(driver.GetRunResult().Results.Single(), GpuSteps);
            Assert.Contains(IncrementalStepRunReason.Modified, steps[TrackingNames.Targets]);
            Assert.All(steps[TrackingNames.GpuRuntime], reason => Assert.True(reason is IncrementalStepRunReason.Unchanged, reason.ToString())); // a new compilation, the same runtime
            foreach (string output in new[] { TrackingNames.Specs, TrackingNames.GpuSpecs })
            {
                Assert.NotEmpty(steps[output]);
                Assert.All(steps[output], reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{output}: {reason}"));
            }
        }

        [Fact]
        public void Referencing_the_gpu_runtime_adds_the_forward_pass_and_leaves_the_model_class_alone()
        {
            string folder = RepoPaths.File("models", "mnist");
            var harness = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"), Path.Combine(folder, "mnist-8.convad.json"));
            CSharpCompilation compilation = GeneratorHarness.Compile(Source);
            GeneratorDriver driver = harness.CreateDriver().RunGenerators(compilation);
            Assert.Single(driver.GetRunResult().GeneratedTrees);

            driver = driver.RunGenerators(compilation.AddReferences(GeneratorHarness.GpuReferences));
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Equal(2, result.GeneratedSources.Length);
            Assert.Contains(result.GeneratedSources, s => s.HintName == "App.Mnist.ConvAD.Gpu.g.cs");
            Dictionary<string, IncrementalStepRunReason[]> steps = Reasons(result, GpuSteps);
            Assert.All(steps[TrackingNames.Specs], reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
            Assert.Contains(IncrementalStepRunReason.New, steps[TrackingNames.GpuSpecs]);
        }

        private static readonly string[] GpuSteps = OurSteps.Concat(new[] { TrackingNames.GpuRuntime, TrackingNames.GpuSpecs }).ToArray();

        private static Dictionary<string, IncrementalStepRunReason[]> Reasons(GeneratorRunResult result) => Reasons(result, OurSteps);

        private static Dictionary<string, IncrementalStepRunReason[]> Reasons(GeneratorRunResult result, string[] names) =>
            result.TrackedSteps
                .Where(s => names.Contains(s.Key))
                .ToDictionary(s => s.Key, s => s.Value.SelectMany(step => step.Outputs).Select(o => o.Reason).ToArray());
    }
}
