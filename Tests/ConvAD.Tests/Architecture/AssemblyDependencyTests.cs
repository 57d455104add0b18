using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace ConvAD.Tests.Architecture
{
    /// <summary>
    /// The assemblies' dependencies as built: the model core references only the framework, and neither the explainer nor the
    /// GPU runtime references ONNX Runtime or ImageSharp. Read from the files beside the test binaries, without loading them.
    /// </summary>
    public sealed class AssemblyDependencyTests
    {
        private static readonly string[] Forbidden = { "Microsoft.ML.OnnxRuntime", "SixLabors.ImageSharp" };

        [Theory]
        [InlineData("ConvAD.Explain")]
        [InlineData("ConvAD.Gpu")]
        public void Explainer_and_GPU_runtime_reference_neither_ONNX_Runtime_nor_ImageSharp(string assembly)
        {
            IReadOnlyList<string> references = References(assembly);
            Assert.Contains("ConvAD.Core", references);
            Assert.DoesNotContain("ConvAD.Runtime", references);
            foreach (string name in Forbidden)
            {
                Assert.DoesNotContain(references, r => r.StartsWith(name, StringComparison.Ordinal));
            }
        }

        [Fact]
        public void GPU_runtime_references_only_the_core_the_explainer_ILGPU_and_the_framework()
        {
            string[] convad = References("ConvAD.Gpu").Where(r => r.StartsWith("ConvAD.", StringComparison.Ordinal)).OrderBy(r => r, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "ConvAD.Core", "ConvAD.Explain" }, convad);
        }

        [Fact]
        public void Runtime_draws_its_pictures_with_ImageSharp_alone()
        {
            // An explanation saves its own pictures from ConvAD.Runtime, the package every user has; plotting libraries
            // belong to ConvAD.Reporting, which builds on the runtime and must never become its dependency.
            string[] allowed = { "ConvAD.Core", "ConvAD.Explain", "Microsoft.ML.OnnxRuntime", "SixLabors.ImageSharp" };
            Assert.All(References("ConvAD.Runtime"), r => Assert.True(allowed.Contains(r) || IsFramework(r), $"ConvAD.Runtime references {r}"));
            Assert.Contains("ConvAD.Runtime", References("ConvAD.Reporting"));
            Assert.Contains("ScottPlot", References("ConvAD.Reporting"));
        }

        [Fact]
        public void Core_references_nothing_but_the_framework()
        {
            IReadOnlyList<string> references = References("ConvAD.Core");
            Assert.NotEmpty(references);
            Assert.All(references, r => Assert.True(IsFramework(r), $"ConvAD.Core references {r}"));
        }

        [Fact]
        public void Explainer_references_the_core_and_the_framework_only()
        {
            Assert.All(References("ConvAD.Explain"), r => Assert.True(r == "ConvAD.Core" || IsFramework(r), $"ConvAD.Explain references {r}"));
        }

        private static bool IsFramework(string name) =>
            name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

        private static IReadOnlyList<string> References(string assembly)
        {
            string path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
            Assert.True(File.Exists(path), $"{path} is not beside the test binaries");
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
        }
    }
}
