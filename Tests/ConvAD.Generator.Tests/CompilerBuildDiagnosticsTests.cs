using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// The diagnostics as a real `dotnet build` reports them, with the two assemblies the package puts in
    /// analyzers/dotnet/cs: each once (CVAD005 from the analyzer only, not from the generator too), and the code-fix
    /// assembly, which needs Workspaces, is no trouble to the command-line compiler (no CS8034 or AD0001).
    /// </summary>
    public sealed class CompilerBuildDiagnosticsTests
    {
        private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);
        private readonly ITestOutputHelper _output;

        public CompilerBuildDiagnosticsTests(ITestOutputHelper output) => _output = output;

        [Fact]
        [Trait("Category", "Integration")]
        public void A_build_reports_each_diagnostic_once_at_its_place()
        {
            using var project = new ScratchDirectory();
            string here = AppContext.BaseDirectory;
            project.Write("App.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <!-- The compiler's own record of what it reported, each diagnostic once (the console repeats errors in its summary). -->
                    <ErrorLog>diagnostics.sarif,version=2.1</ErrorLog>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="{Path.Combine(here, "ConvAD.Attributes.dll")}" />
                    <Analyzer Include="{Path.Combine(here, "ConvAD.Generator.dll")}" />
                    <Analyzer Include="{Path.Combine(here, "ConvAD.Generator.CodeFixes.dll")}" />
                  </ItemGroup>
                </Project>
                """);
            project.Write("Models.cs", string.Join("\n",
                "using ConvAD;",
                "namespace App",
                "{",
                "    [ConvAdModel(\"model.onnx\")]",
                "    public class NotPartial { }",
                "    [ConvAdModel(\"model.onnx\")]",
                "    public partial record Record;",
                "    [ConvAdModel(\"model.pt\")]",
                "    public partial class Torch { }",
                "}",
                ""));

            (int exitCode, string output) = DotnetCli.Run(project.Path, BuildTimeout, "build", "--disable-build-servers", "-nologo");
            _output.WriteLine(output);
            Assert.NotEqual(0, exitCode);
            var reported = Reported(project.File("diagnostics.sarif")).Where(r => r.Id.StartsWith("CVAD", StringComparison.Ordinal)).ToList();
            Assert.Equal(
                new[] { ("CVAD005", 5, 18), ("CVAD015", 7, 27), ("CVAD017", 8, 18) }, // the class's name, the record's name, the path literal
                reported.OrderBy(r => r.Id, StringComparer.Ordinal));
            Assert.DoesNotMatch(@"\b(CS8034|CS8785|AD0001|CVAD010)\b", output);
        }

        /// <summary>Each result of a SARIF 2.1 log: its rule and where it starts.</summary>
        private static (string Id, int Line, int Column)[] Reported(string sarif)
        {
            using JsonDocument log = JsonDocument.Parse(File.ReadAllText(sarif));
            return log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r =>
                {
                    JsonElement region = r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
                    return (r.GetProperty("ruleId").GetString()!, region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32());
                })
                .ToArray();
        }
    }
}
