using System.IO;
using System.Linq;
using Xunit;

namespace ConvAD.Tests.Documentation
{
    /// <summary>
    /// Every C# block of README.md, docs/*.md and the packages' READMEs is quoted from Samples/ConvAD.DocSnippets, which the solution compiles
    /// (warnings as errors), so a snippet that stops compiling fails the build and one that drifts from the code fails here.
    /// </summary>
    public sealed class DocSnippetTests
    {
        [Fact]
        public void Every_csharp_block_of_the_docs_is_quoted_from_the_compiled_snippets()
        {
            string root = RepoPaths.Root;
            // The packages' READMEs are their gallery pages: their C# compiles too.
            string[] packageReadmes = new[] { "Runtime", "Attributes", "Generator" }
                .SelectMany(folder => Directory.GetDirectories(RepoPaths.File(folder)))
                .Select(project => Path.Combine(project, "README.md"))
                .Where(File.Exists)
                .ToArray();
            string[] pages = new[] { RepoPaths.File("README.md") }.Concat(Directory.GetFiles(RepoPaths.File("docs"), "*.md")).Concat(packageReadmes).ToArray();
            Assert.True(packageReadmes.Length >= 7, $"expected a README for each of the seven packages, found {packageReadmes.Length}");

            string[] problems = pages.SelectMany(p => DocSnippets.Check(p, root)).ToArray();

            Assert.True(problems.Length == 0, string.Join("\n", problems));
            Assert.Contains(pages, p => File.ReadAllText(p).Contains("<!-- snippet: Samples/ConvAD.DocSnippets/"));
        }

        [Fact]
        public void The_snippets_are_compiled_with_the_solution()
        {
            string solution = File.ReadAllText(RepoPaths.File("ConvAD.sln")).Replace('\\', '/');
            Assert.Contains("Samples/ConvAD.DocSnippets/ConvAD.DocSnippets.csproj", solution);
        }

        [Fact]
        public void A_block_that_drifts_from_its_region_or_has_no_marker_is_reported()
        {
            using var scratch = new ScratchDirectory();
            scratch.Write("Code.cs", "using System;\n\nclass C\n{\n    void M()\n    {\n        // snippet:hello\n        Console.WriteLine(\"hello\");\n        // end snippet:hello\n    }\n}\n");
            string faithful = scratch.Write("faithful.md", "<!-- snippet: Code.cs#hello -->\n```csharp\nusing System;\n\nConsole.WriteLine(\"hello\");\n```\n");
            string drifted = scratch.Write("drifted.md", "<!-- snippet: Code.cs#hello -->\n```csharp\nConsole.WriteLine(\"hi\");\n```\n");
            string foreignUsing = scratch.Write("using.md", "<!-- snippet: Code.cs#hello -->\n```csharp\nusing System.IO;\n\nConsole.WriteLine(\"hello\");\n```\n");
            string unmarked = scratch.Write("unmarked.md", "Some text.\n\n```csharp\nConsole.WriteLine(\"hello\");\n```\n");
            string excerpt = scratch.Write("excerpt.md", "<!-- excerpt: abridged -->\n```csharp\nvar x = …;\n```\n");

            Assert.Empty(DocSnippets.Check(faithful, scratch.Path));
            Assert.Empty(DocSnippets.Check(excerpt, scratch.Path));
            Assert.Contains("differs from Code.cs#hello at its line 1", Assert.Single(DocSnippets.Check(drifted, scratch.Path)));
            Assert.Contains("not a using directive", Assert.Single(DocSnippets.Check(foreignUsing, scratch.Path)));
            Assert.Contains("no <!-- snippet:", Assert.Single(DocSnippets.Check(unmarked, scratch.Path)));
        }
    }
}
