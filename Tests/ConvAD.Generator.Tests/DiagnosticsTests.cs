extern alias generator;

using System.Collections.Immutable;
using System.IO;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// Each diagnostic of the catalog (docs/diagnostics.md), produced by the situation it describes, and where it points:
    /// a diagnostic about an argument at that argument's expression, one about the class at its name.
    /// </summary>
    public sealed class DiagnosticsTests
    {
        private GeneratorRun? _lastRun;

        private static string Source(string attribute, string declaration = "public partial class Net { }") =>
            $"using ConvAD;\n\nnamespace App\n{{\n    {attribute}\n    {declaration}\n}}\n";

        [Fact]
        public void CVAD001_missing_model_file_says_how_to_include_it()
        {
            using var project = new ScratchDirectory();
            Diagnostic d = Single(new GeneratorHarness(project.Path).Run(Source("[ConvAdModel(\"models/missing.onnx\")]")), "CVAD001");
            string message = d.GetMessage();
            Assert.Contains("models/missing.onnx", message);
            Assert.Contains("<ConvAdModel Include=\"models", message);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            AssertAt(d, "\"models/missing.onnx\""); // on the path, not the whole attribute
            Assert.DoesNotContain("did you mean", message); // no model file of the project is anything like it
        }

        [Theory]
        [InlineData("mnist8.onnx")]
        [InlineData("MNIST_8.onnx")] // case is ignored
        [InlineData("minst-8.onnx")]
        public void CVAD001_a_misspelt_model_file_suggests_the_closest_model_file_of_the_project(string written)
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"), Path.Combine(folder, "mnist-8.convad.json"))
                .Run(Source($"[ConvAdModel(\"{written}\")]"));
            Diagnostic d = Single(run, "CVAD001");
            Assert.Contains("did you mean 'mnist-8.onnx'?", d.GetMessage());
            AssertAt(d, $"\"{written}\"");
        }

        [Fact]
        public void CVAD001_a_misspelt_description_suggests_the_closest_description_of_the_project()
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"), Path.Combine(folder, "mnist-8.convad.json"))
                .Run(Source("[ConvAdModel(\"settings.json\")]"));
            Assert.DoesNotContain("did you mean", Single(run, "CVAD001").GetMessage()); // too far from anything
            run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"), Path.Combine(folder, "mnist-8.convad.json"))
                .Run(Source("[ConvAdModel(\"mnist8.convad.json\")]"));
            Assert.Contains("did you mean 'mnist-8.convad.json'?", Single(run, "CVAD001").GetMessage());
        }

        [Fact]
        public void CVAD001_existing_file_that_is_not_a_model_file_of_the_project()
        {
            using var project = new ScratchDirectory();
            project.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"));
            Diagnostic d = Single(new GeneratorHarness(project.Path /* no model files */).Run(Source("[ConvAdModel(\"mnist-8.onnx\")]")), "CVAD001");
            Assert.Contains("exists but is not included", d.GetMessage());
            AssertAt(d, "\"mnist-8.onnx\"");
        }

        [Fact]
        public async System.Threading.Tasks.Task CVAD002_a_named_pipe_as_the_model_does_not_hang_the_build()
        {
            using var project = new ScratchDirectory();
            string model = project.Fifo("model.onnx");
            var run = System.Threading.Tasks.Task.Run(() => new GeneratorHarness(project.Path, model).Run(Source("[ConvAdModel(\"model.onnx\")]")));
            Assert.True(await System.Threading.Tasks.Task.WhenAny(run, System.Threading.Tasks.Task.Delay(System.TimeSpan.FromSeconds(30))) == run, "the generator blocked on a FIFO");
            Diagnostic d = Single(await run, "CVAD002");
            Assert.Contains("not a regular file", d.GetMessage());
        }

        [Fact]
        public async System.Threading.Tasks.Task CVAD002_a_symbolic_link_to_a_named_pipe_as_the_model_does_not_hang_the_build()
        {
            // The generator is the netstandard2.0 build of the file checks: it follows the link all the same.
            using var project = new ScratchDirectory();
            string fifo = project.Fifo("pipe");
            string model = project.File("model.onnx");
            File.CreateSymbolicLink(model, fifo);
            var run = System.Threading.Tasks.Task.Run(() => new GeneratorHarness(project.Path, model).Run(Source("[ConvAdModel(\"model.onnx\")]")));
            Assert.True(await System.Threading.Tasks.Task.WhenAny(run, System.Threading.Tasks.Task.Delay(System.TimeSpan.FromSeconds(30))) == run, "the generator blocked on a FIFO behind a link");
            Diagnostic d = Single(await run, "CVAD002");
            Assert.Contains("not a regular file", d.GetMessage());
        }

        [Fact]
        public void CVAD002_a_file_that_is_not_onnx()
        {
            using var project = new ScratchDirectory();
            string model = project.Write("model.onnx", "this is a text file, not a protobuf model\n");
            Diagnostic d = Single(new GeneratorHarness(project.Path, model).Run(Source("[ConvAdModel(\"model.onnx\")]")), "CVAD002");
            Assert.Contains("model.onnx", d.GetMessage());
        }

        [Fact]
        public void CVAD003_unsupported_op_names_the_node_and_the_op()
        {
            string folder = RepoPaths.File("Tests", "Fixtures", "models", "special");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "resize_cnn.onnx")).Run(Source("[ConvAdModel(\"resize_cnn.onnx\")]"));
            Diagnostic d = Single(run, "CVAD003");
            Assert.Contains("Resize", d.GetMessage());
            Assert.Matches("node '[^']+' \\(Resize\\)", d.GetMessage());
            Assert.Empty(run.Result.GeneratedTrees);
        }

        [Theory]
        [InlineData(new object[] { new object[] { 1, 10 } })]
        [InlineData(new object[] { new object[] { 1, 5, 8, 8 } })] // 5 channels: neither N×C×H×W nor N×H×W×C with C in {1, 3, 4}
        public void CVAD004_not_an_image_classifier(object[] inputShape)
        {
            using var project = new ScratchDirectory();
            string model = project.Write("relu.onnx", OnnxBuilder.Relu(inputShape));
            Diagnostic d = Single(new GeneratorHarness(project.Path, model).Run(Source("[ConvAdModel(\"relu.onnx\")]")), "CVAD004");
            Assert.Contains("relu.onnx", d.GetMessage());
        }

        [Theory]
        [InlineData("public class Net { }")]
        [InlineData("public static partial class Net { }")]
        public void CVAD005_class_not_partial(string declaration)
        {
            Diagnostic d = SingleNotPartial(Source("[ConvAdModel(\"mnist-8.onnx\")]", declaration));
            Assert.Contains("App.Net", d.GetMessage());
            AssertAt(d, "Net"); // on the class's name
        }

        [Fact]
        public void CVAD005_containing_class_not_partial()
        {
            Diagnostic d = SingleNotPartial(Source("", "public class Outer { [ConvAdModel(\"mnist-8.onnx\")] public partial class Net { } }"));
            Assert.Contains("App.Outer", d.GetMessage());
            AssertAt(d, "Net");
        }

        [Theory]
        [InlineData("public partial record Net;", "record")]
        [InlineData("public partial record Net(int Size);", "record")]
        [InlineData("public partial record class Net { }", "record")]
        [InlineData("public partial record struct Net;", "record struct")]
        public void CVAD015_a_record_is_refused_clearly(string declaration, string keyword)
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx")).Run(Source("[ConvAdModel(\"mnist-8.onnx\")]", declaration));
            Diagnostic d = Single(run, "CVAD015");
            Assert.Contains($"'App.Net' is a {keyword}", d.GetMessage());
            Assert.Contains("declare it 'partial class'", d.GetMessage());
            AssertAt(d, "Net");
            Assert.Empty(run.Result.GeneratedTrees);
            Assert.Empty(Analyze(run.Output)); // not CVAD005 as well
        }

        [Fact]
        public void CVAD016_two_attributes_on_one_class()
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx"))
                .Run(Source("[ConvAdModel(\"mnist-8.onnx\")]\n    [ConvAdModel(\"other.onnx\", Threshold = \"all\")]"));
            Diagnostic d = Single(run, "CVAD016");
            Assert.Contains("'App.Net' has 2 [ConvAdModel] attributes", d.GetMessage());
            AssertAt(d, "ConvAdModel(\"other.onnx\", Threshold = \"all\")"); // the second one
            Assert.Empty(run.Result.GeneratedTrees); // neither model is taken silently
            Assert.Contains(run.CompilationProblems, p => p.Id == "CS0579"); // the compiler's own error stays
        }

        [Fact]
        public void CVAD016_attributes_on_two_declarations_of_a_partial_class_are_reported_once()
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx")).Run(
                Source("[ConvAdModel(\"mnist-8.onnx\")]"),
                Source("[ConvAdModel(\"mnist-8.onnx\")]"));
            Diagnostic d = Single(run, "CVAD016");
            Assert.Empty(run.Result.GeneratedTrees);
            Assert.Contains("has 2 [ConvAdModel] attributes", d.GetMessage());
        }

        [Theory]
        [InlineData("model.pt")]
        [InlineData("model.h5")]
        [InlineData("model.onnx.txt")]
        public void CVAD017_an_existing_file_that_is_not_onnx_says_to_export_it(string name)
        {
            using var project = new ScratchDirectory();
            project.Write(name, "weights of another framework\n");
            Diagnostic d = Single(new GeneratorHarness(project.Path).Run(Source($"[ConvAdModel(\"{name}\")]")), "CVAD017");
            Assert.Contains($"'{name}' is not an ONNX model file", d.GetMessage());
            Assert.Contains("export the model to ONNX", d.GetMessage());
            Assert.DoesNotContain("<ConvAdModel Include", d.GetMessage()); // including it would only lead to CVAD002
            Assert.DoesNotContain("did you mean", d.GetMessage());
            AssertAt(d, $"\"{name}\"");
        }

        [Theory]
        [InlineData("mnist-8.pt")]
        [InlineData("mnist-8.onnx.txt")]
        public void CVAD017_names_the_onnx_model_of_the_same_name_when_the_project_has_one(string name)
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx")).Run(Source($"[ConvAdModel(\"{name}\")]"));
            Assert.Contains("did you mean 'mnist-8.onnx'?", Single(run, "CVAD017").GetMessage());
        }

        [Fact]
        public void CVAD006_label_count_differs_from_class_count()
        {
            using var project = new ScratchDirectory();
            project.Write("three.txt", "cat\ndog\nbird\n");
            string folder = RepoPaths.File("models", "mnist");
            var harness = new GeneratorHarness(project.Path, Path.Combine(folder, "mnist-8.onnx"));
            Diagnostic d = Single(harness.Run(Source("[ConvAdModel(\"mnist-8.onnx\", Labels = \"three.txt\")]")), "CVAD006");
            Assert.Contains("3 labels", d.GetMessage());
            Assert.Contains("10 classes", d.GetMessage());
        }

        [Theory]
        [InlineData("{ \"model\": \"m.onnx\", ", "invalid JSON")]
        [InlineData("{ \"model\": \"m.onnx\", \"input\": { \"colorOrder\": \"CMYK\" } }", "CMYK")]
        [InlineData("{ \"model\": \"m.onnx\", \"input\": { \"colorOrder\": \"RGB\" } }", "colorOrder is RGB but the model's input has 1 channel")]
        [InlineData("{ \"model\": \"m.onnx\", \"input\": { \"colorOrder\": \"Gray\", \"std\": [0] } }", "std must be positive")]
        [InlineData("{ \"model\": \"m.onnx\", \"labels\": \"nowhere.txt\" }", "nowhere.txt")]
        [InlineData("{ \"model\": \"other.onnx\" }", "other.onnx")]
        public void CVAD007_invalid_model_description(string json, string expected)
        {
            using var project = new ScratchDirectory();
            string model = project.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"), "m.onnx");
            string sidecar = project.Write("m.convad.json", json);
            Diagnostic d = Single(new GeneratorHarness(project.Path, model, sidecar).Run(Source("[ConvAdModel(\"m.onnx\")]")), "CVAD007");
            Assert.Contains(expected, d.GetMessage());
            Assert.Contains("m.convad.json", d.GetMessage());
        }

        [Theory]
        [InlineData("Threshold = \"most\"", "most")]
        [InlineData("Threshold = \"1.5\"", "1.5")]
        [InlineData("Combination = \"xor\"", "xor")]
        [InlineData("Labels = \"absent.txt\"", "absent.txt")]
        public void CVAD008_invalid_attribute_argument(string argument, string expected)
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx")).Run(Source($"[ConvAdModel(\"mnist-8.onnx\", {argument})]"));
            Diagnostic d = Single(run, "CVAD008");
            Assert.Contains(expected, d.GetMessage());
            AssertAt(d, argument.Substring(argument.IndexOf('"'))); // on that argument's value
        }

        [Fact]
        public void CVAD008_empty_path_is_reported_on_the_path()
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx")).Run(Source("[ConvAdModel(path: \" \")]"));
            AssertAt(Single(run, "CVAD008"), "\" \"");
        }

        [Fact]
        public void CVAD009_no_description_warns_and_still_generates()
        {
            using var project = new ScratchDirectory();
            string model = project.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"), "digits.onnx");
            GeneratorRun run = new GeneratorHarness(project.Path, model).Run(Source("[ConvAdModel(\"digits.onnx\")]"));
            Diagnostic d = Single(run, "CVAD009");
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("digits.convad.json", d.GetMessage());
            Assert.Contains("assumed Gray (the model's input has 1 channel), pixels in [0, 1]", d.GetMessage());
            Assert.Contains("colorOrder: global::ConvAD.Description.ColorOrder.Gray", run.SingleSource); // 1 channel: grey, as at run time
            Assert.Single(run.Result.GeneratedTrees);
            Assert.DoesNotContain(run.CompilationProblems, p => p.Severity == DiagnosticSeverity.Error);
        }

        [Fact]
        public void CVAD011_the_gpu_runtime_has_no_layer_for_an_op_warns_and_still_generates_the_class()
        {
            // A GPU runtime (here a stand-in) without Gemm; GpuForwardTests has the real one.
            string folder = RepoPaths.File("models", "cifar10");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "resnet20.onnx"), Path.Combine(folder, "resnet20.convad.json"))
                .Run(Source("[ConvAdModel(\"resnet20.onnx\")]"), GpuStub.Source(GpuStub.AllOps.Where(op => op != "Gemm")));
            Diagnostic d = Single(run, "CVAD011");
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("node '/fc/Gemm' (Gemm)", d.GetMessage());
            AssertAt(d, "\"resnet20.onnx\""); // on the path of the model it is about
            Assert.Single(run.Result.GeneratedTrees); // the model class, without ForwardLayers
            Assert.DoesNotContain(run.CompilationProblems, p => p.Severity == DiagnosticSeverity.Error);
        }

        [Fact]
        public void CVAD012_a_symbolic_height_and_width_without_a_size_names_the_fix()
        {
            using var project = new ScratchDirectory();
            string model = project.Copy(RepoPaths.File("Tests", "Fixtures", "models", "patterns", "dynamic_hw.onnx"), "net.onnx");
            Diagnostic d = Single(new GeneratorHarness(project.Path, model).Run(Source("[ConvAdModel(\"net.onnx\")]")), "CVAD012");
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            AssertAt(d, "\"net.onnx\""); // on the path of the model it is about
            string message = d.GetMessage();
            Assert.Contains("'net.onnx' is [N,3,H,W]", message);
            Assert.Contains("add \"input\": { \"size\": [H, W] } to its model description 'net.convad.json'", message);

            // A description without a size: the same error, naming that description. With the size, the class is generated.
            string sidecar = project.Write("net.convad.json", "{ \"model\": \"net.onnx\", \"input\": { \"colorOrder\": \"RGB\" } }");
            d = Single(new GeneratorHarness(project.Path, model, sidecar).Run(Source("[ConvAdModel(\"net.onnx\")]")), "CVAD012");
            Assert.Contains("'net.convad.json'", d.GetMessage());
            sidecar = project.Write("net.convad.json", "{ \"model\": \"net.onnx\", \"input\": { \"size\": [24, 40] } }");
            GeneratorRun run = new GeneratorHarness(project.Path, model, sidecar).Run(Source("[ConvAdModel(\"net.onnx\")]"));
            Assert.Empty(run.Diagnostics);
            Assert.Contains("public const int Width = 40;", run.SingleSource);
        }

        [Fact]
        public void A_model_named_by_file_name_alone_is_found_among_the_model_files()
        {
            // As in the sample: the model is linked from outside the project folder.
            using var project = new ScratchDirectory();
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(project.Path, Path.Combine(folder, "mnist-8.onnx")).Run(Source("[ConvAdModel(\"mnist-8.onnx\")]"));
            Assert.Empty(run.Diagnostics);
            Assert.Contains("MNIST CNN (opset 8)", run.SingleSource);
        }

        /// <summary>The one CVAD005 of a compilation: from the analyzer, where the code fix sees it; the generator adds nothing.</summary>
        private Diagnostic SingleNotPartial(string source)
        {
            string folder = RepoPaths.File("models", "mnist");
            GeneratorRun run = new GeneratorHarness(folder, Path.Combine(folder, "mnist-8.onnx")).Run(source);
            Assert.Empty(run.Diagnostics); // never reported twice in a build
            Assert.Empty(run.Result.GeneratedTrees);
            Diagnostic d = Assert.Single(Analyze(run.Output));
            Assert.Equal("CVAD005", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            return d;
        }

        private static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
            compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new generator::ConvAD.Generator.Analysis.ModelClassAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        /// <summary>
        /// Asserts that the diagnostic's span is exactly <paramref name="text"/> in its source. A generator's diagnostic
        /// holds a file path and span (a location that keeps no syntax tree alive), so its tree is looked up by path in
        /// the compilation of the last run.
        /// </summary>
        private void AssertAt(Diagnostic d, string text)
        {
            string path = d.Location.GetLineSpan().Path;
            SyntaxTree? tree = d.Location.SourceTree ?? _lastRun?.Output.SyntaxTrees.SingleOrDefault(t => t.FilePath == path);
            Assert.True(tree != null, $"{d.Id} is not in a source file of the compilation ({d.Location})");
            Assert.Equal(text, tree!.GetText().ToString(d.Location.SourceSpan));
        }

        private Diagnostic Single(GeneratorRun run, string id)
        {
            _lastRun = run;
            Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id == "CS8785");
            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal(id, d.Id);
            return d;
        }
    }
}
