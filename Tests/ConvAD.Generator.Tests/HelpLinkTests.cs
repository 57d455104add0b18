extern alias generator;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using ConvAD.Tests;
using Microsoft.CodeAnalysis;
using Xunit;
using ConvAdGenerator = generator::ConvAD.Generator.ConvAdGenerator;
using ModelClassAnalyzer = generator::ConvAD.Generator.Analysis.ModelClassAnalyzer;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// Every diagnostic links to its own section of docs/diagnostics.md, in one form, and that section exists: a
    /// "## CVADnnn" heading with the anchor the link names.
    /// </summary>
    public sealed class HelpLinkTests
    {
        private const string LinkForm = "https://github.com/convad/convad/blob/main/docs/diagnostics.md#";

        public static IEnumerable<object[]> Descriptors() => AllDescriptors().Select(d => new object[] { d.Id });

        [Fact]
        public void The_catalog_has_every_descriptor_from_CVAD001_up_without_gaps()
        {
            List<string> ids = AllDescriptors().Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
            Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"CVAD{i:000}"), ids);
            Assert.Contains(new ModelClassAnalyzer().SupportedDiagnostics, d => d.Id == "CVAD005");
        }

        [Theory]
        [MemberData(nameof(Descriptors))]
        public void Each_descriptor_links_to_its_section_of_the_catalog(string id)
        {
            DiagnosticDescriptor descriptor = AllDescriptors().Single(d => d.Id == id);
            Assert.Equal(LinkForm + id.ToLowerInvariant(), descriptor.HelpLinkUri);
            string[] catalog = File.ReadAllLines(RepoPaths.File("docs", "diagnostics.md"));
            string heading = Assert.Single(catalog, line => line.StartsWith($"## {id}", StringComparison.Ordinal));
            Assert.Contains($"<a id=\"{id.ToLowerInvariant()}\"></a>", heading);
            Assert.Contains(descriptor.Title.ToString(), heading);
        }

        [Fact]
        public void Each_section_of_the_catalog_is_a_diagnostic()
        {
            HashSet<string> ids = AllDescriptors().Select(d => d.Id).ToHashSet();
            IEnumerable<string> sections = File.ReadAllLines(RepoPaths.File("docs", "diagnostics.md"))
                .Where(line => line.StartsWith("## CVAD", StringComparison.Ordinal))
                .Select(line => line.Substring(3, 7));
            Assert.All(sections, id => Assert.Contains(id, ids));
        }

        private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
            typeof(ConvAdGenerator).Assembly.GetType("ConvAD.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
                .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
    }
}
