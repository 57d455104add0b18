extern alias generator;

using System.Threading.Tasks;
using ConvAD.Generator.CodeFixes;
using ConvAD.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using ModelClassAnalyzer = generator::ConvAD.Generator.Analysis.ModelClassAnalyzer;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// The code fix for CVAD005, with Roslyn's code-fix test pattern: the analyzer must report the marked diagnostic
    /// ({|CVAD005:Net|}, on the class's name) and the fix must turn the source into the fixed one, which then has no
    /// diagnostic left.
    /// </summary>
    public sealed class MakePartialCodeFixTests
    {
        [Fact]
        public Task Adds_partial_after_the_other_modifiers() => Verify(
            "[ConvAdModel(\"m.onnx\")]\n    public sealed class {|CVAD005:Net|} { }",
            "[ConvAdModel(\"m.onnx\")]\n    public sealed partial class Net { }");

        [Fact]
        public Task Adds_partial_to_a_class_without_modifiers_keeping_its_comment() => Verify(
            "[ConvAdModel(\"m.onnx\")]\n    /* the model */ class {|CVAD005:Net|} { }",
            "[ConvAdModel(\"m.onnx\")]\n    /* the model */ partial class Net { }");

        [Fact]
        public Task Adds_partial_to_the_class_and_every_class_it_is_nested_in() => Verify(
            "public class Outer\n    {\n        internal class Middle\n        {\n            [ConvAdModel(\"m.onnx\")]\n            public class {|CVAD005:Net|} { }\n        }\n    }",
            "public partial class Outer\n    {\n        internal partial class Middle\n        {\n            [ConvAdModel(\"m.onnx\")]\n            public partial class Net { }\n        }\n    }");

        [Fact]
        public Task Adds_partial_only_where_it_is_missing() => Verify(
            "public class Outer\n    {\n        [ConvAdModel(\"m.onnx\")]\n        public partial class {|CVAD005:Net|} { }\n    }",
            "public partial class Outer\n    {\n        [ConvAdModel(\"m.onnx\")]\n        public partial class Net { }\n    }");

        [Fact]
        public Task A_static_class_is_reported_but_not_changed() => Verify(
            "[ConvAdModel(\"m.onnx\")]\n    public static partial class {|CVAD005:Net|} { }",
            "[ConvAdModel(\"m.onnx\")]\n    public static partial class {|CVAD005:Net|} { }");

        [Fact]
        public Task A_partial_class_and_a_class_without_the_attribute_have_no_diagnostic() => Verify(
            "[ConvAdModel(\"m.onnx\")]\n    public partial class Net { }\n    public class Other { }",
            "[ConvAdModel(\"m.onnx\")]\n    public partial class Net { }\n    public class Other { }");

        private static Task Verify(string declaration, string fixedDeclaration)
        {
            var test = new Test { TestCode = Source(declaration), FixedCode = Source(fixedDeclaration) };
            return test.RunAsync();
        }

        private static string Source(string declaration) => $"using ConvAD;\n\nnamespace App\n{{\n    {declaration}\n}}\n";

        /// <summary>
        /// A compilation with the references the generator tests use (the test process's own framework, ConvAD and the
        /// attributes) rather than reference packages the framework would download.
        /// </summary>
        private sealed class Test : CSharpCodeFixTest<ModelClassAnalyzer, MakePartialCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = new ReferenceAssemblies("net10.0");
                TestState.AdditionalReferences.AddRange(GeneratorHarness.ProjectReferences);
            }
        }
    }
}
