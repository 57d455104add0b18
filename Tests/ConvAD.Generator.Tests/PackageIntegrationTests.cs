using System;
using System.IO;
using System.Linq;
using ConvAD.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// As a new user: pack the packages into a folder feed, create a console project elsewhere that references
    /// `ConvAD` from that feed (and nuget.org for ONNX Runtime and ImageSharp), put real models beside it,
    /// annotate classes, build with warnings as errors, run: classify, and explain the kitten in one line,
    /// <c>SqueezeNet.Load().Explain("data/photos/kitten_224.png")</c>, saving its pictures.
    /// </summary>
    public sealed class PackageIntegrationTests
    {
        private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
        private readonly ITestOutputHelper _output;

        public PackageIntegrationTests(ITestOutputHelper output) => _output = output;

        [Fact]
        [Trait("Category", "Integration")]
        public void A_fresh_project_using_the_packed_package_classifies_and_explains_the_kitten()
        {
            using var scratch = new ScratchDirectory();
            // A version of its own: the packages can never come from a cache of an earlier run.
            string version = "0.1.0-it." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + Guid.NewGuid().ToString("N").Substring(0, 6);
            string feed = Directory.CreateDirectory(scratch.File("feed")).FullName;
            Step(RepoPaths.Root, "dotnet", "pack", RepoPaths.File("Generator", "ConvAD.Package", "ConvAD.Package.csproj"), "-c", "Release", "-o", feed, "-p:Version=" + version);
            Assert.True(File.Exists(Path.Combine(feed, $"ConvAD.{version}.nupkg")));
            AssertPackagesExplainThemselves(feed);

            string app = Directory.CreateDirectory(scratch.File("app")).FullName;
            WriteProject(app, feed, version);
            foreach (string file in new[] { "squeezenet1.1-fp16.onnx", "squeezenet1.1-fp16.convad.json", "imagenet_classes.txt" })
            {
                File.Copy(RepoPaths.File("models", "squeezenet1.1", file), Path.Combine(app, file));
            }

            Directory.CreateDirectory(Path.Combine(app, "models"));
            foreach (string file in new[] { "resnet20.onnx", "resnet20.convad.json", "cifar10_classes.txt" })
            {
                File.Copy(RepoPaths.File("models", "cifar10", file), Path.Combine(app, "models", file));
            }

            foreach (string file in new[] { "mnist-8.onnx", "mnist-8.convad.json", "mnist_classes.txt" })
            {
                File.Copy(RepoPaths.File("models", "mnist", file), Path.Combine(app, "models", file));
            }

            // The explanation reads the photo by the path the README uses, relative to the app's working directory.
            Directory.CreateDirectory(Path.Combine(app, "data", "photos"));
            File.Copy(RepoPaths.File("data", "photos", "kitten_224.png"), Path.Combine(app, "data", "photos", "kitten_224.png"));
            string pictures = scratch.File("pictures");

            Step(app, "dotnet", "build", "-c", "Release", "--disable-build-servers", "-p:TreatWarningsAsErrors=true");
            string output = Step(app, "dotnet", "run", "-c", "Release", "--no-build", "--",
                RepoPaths.File("data", "photos", "kitten_224.png"), RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg"), pictures);

            _output.WriteLine(output);
            string kitten = output.Split('\n').Single(l => l.StartsWith("SqueezeNet:", StringComparison.Ordinal));
            string[] parts = kitten.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("tabby", parts[1]);
            Assert.InRange(double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), 0.92, 0.94);
            Assert.Contains(output.Split('\n'), l => l.StartsWith("SqueezeNet masked:", StringComparison.Ordinal));
            string resnet = output.Split('\n').Single(l => l.StartsWith("ResNet20:", StringComparison.Ordinal));
            Assert.Contains(resnet.Split(' ')[1], File.ReadAllLines(RepoPaths.File("models", "cifar10", "cifar10_classes.txt")));
            Assert.Matches("^Mnist: [0-9] ", output.Split('\n').Single(l => l.StartsWith("Mnist:", StringComparison.Ordinal)));

            string explained = output.Split('\n').Single(l => l.StartsWith("Explained:", StringComparison.Ordinal));
            Assert.StartsWith("Explained: tabby ", explained);
            foreach (string suffix in new[] { ".heatmap.png", ".overlay.png", ".mask.png", ".responsibility.npy" })
            {
                var file = new FileInfo(Path.Combine(pictures, "kitten_224" + suffix));
                Assert.True(file.Exists && file.Length > 0, $"{file.FullName} was not written");
            }

            // The mask is at the model's resolution and holds the explanation: some pixels white, not all.
            using var mask = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.L8>(Path.Combine(pictures, "kitten_224.mask.png"));
            Assert.Equal((224, 224), (mask.Width, mask.Height));
            int white = 0;
            mask.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                {
                    foreach (var p in rows.GetRowSpan(y))
                    {
                        white += p.PackedValue == 255 ? 1 : 0;
                    }
                }
            });
            Assert.InRange(white, 1, 224 * 224 - 1);
        }

        /// <summary>
        /// Every package has its README (the gallery page), licence and source commit in its manifest, and XML docs beside
        /// every assembly (IntelliSense); all seven are there.
        /// </summary>
        private static void AssertPackagesExplainThemselves(string feed)
        {
            NuGetPackage[] packages = Directory.GetFiles(feed, "*.nupkg").Select(NuGetPackage.Read).ToArray();
            Assert.Equal(
                new[] { "ConvAD", "ConvAD.Attributes", "ConvAD.Core", "ConvAD.Explain", "ConvAD.Gpu", "ConvAD.Reporting", "ConvAD.Runtime" },
                packages.Select(p => p.Id).OrderBy(id => id, StringComparer.Ordinal));
            foreach (NuGetPackage package in packages)
            {
                Assert.True(package.Value("readme") == "README.md" && package.Files.Contains("README.md"), $"{package.Id} has no README");
                Assert.True(package.Value("license") == "MIT", $"{package.Id} has no licence expression");
                Assert.True(package.Value("description") is { Length: > 40 }, $"{package.Id} has no description");
                Assert.Matches("^[0-9a-f]{40}$", package.Element("repository")?.Attribute("commit")?.Value ?? "");
                foreach (string assembly in package.Files.Where(f => f.StartsWith("lib/", StringComparison.Ordinal) && f.EndsWith(".dll", StringComparison.Ordinal)))
                {
                    Assert.True(package.Files.Contains(Path.ChangeExtension(assembly, ".xml")), $"{package.Id}: {assembly} has no XML documentation");
                }
            }
        }

        private static void WriteProject(string app, string feed, string version)
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            // The local feed beside the user's own sources; its own packages folder so nothing of this run is left
            // in the machine's cache, with that cache as a fallback so ONNX Runtime is not downloaded again.
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config><add key="globalPackagesFolder" value="packages" /></config>
                  <packageSources><add key="convad-local" value="{feed}" /></packageSources>
                  <fallbackPackageFolders><add key="machine" value="{packages}" /></fallbackPackageFolders>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <GenerateDocumentationFile>true</GenerateDocumentationFile>
                    <NoWarn>$(NoWarn);CS1591</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ConvAD" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Models.cs"), """
                using ConvAD;

                [ConvAdModel("squeezenet1.1-fp16.onnx")]
                public partial class SqueezeNet { }

                [ConvAdModel("models/resnet20.onnx")]
                public partial class ResNet20 { }

                [ConvAdModel("models/mnist-8.convad.json", Threshold = "any")]
                public partial class Mnist { }
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using var squeezeNet = SqueezeNet.Load();
                var kitten = SqueezeNet.Input.FromFile(args[0]);
                var top = squeezeNet.Predict(kitten)[0];
                Console.WriteLine(FormattableString.Invariant($"SqueezeNet: {top.Label} {top.Confidence:0.000}"));
                var mask = new SqueezeNet.Mask();
                mask.SetRectangle(0, 0, SqueezeNet.Width / 2, SqueezeNet.Height, present: false);
                var masked = squeezeNet.Predict(kitten, mask)[0];
                Console.WriteLine(FormattableString.Invariant($"SqueezeNet masked: {masked.Label} {masked.Confidence:0.000}"));

                using var resnet = ResNet20.Load();
                var cat = resnet.Predict(args[1])[0];
                Console.WriteLine(FormattableString.Invariant($"ResNet20: {cat.Label} {cat.Confidence:0.000}"));

                using var mnist = Mnist.Load();
                var digit = mnist.Predict(args[0], Mnist.Mask.AllPresent())[0];
                Console.WriteLine(FormattableString.Invariant($"Mnist: {digit.Label} {digit.Confidence:0.000}"));

                using var explanation = SqueezeNet.Load().Explain("data/photos/kitten_224.png");
                explanation.Save(args[2]);
                Console.WriteLine(FormattableString.Invariant($"Explained: {explanation.Target.Label} {explanation.Explanation.AreaFraction:0.000}"));
                """);
        }

        private string Step(string directory, string command, params string[] arguments)
        {
            Assert.Equal("dotnet", command);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            (int exitCode, string output) = DotnetCli.Run(directory, StepTimeout, arguments);
            _output.WriteLine($"$ dotnet {string.Join(" ", arguments)}  ({watch.Elapsed.TotalSeconds:0} s, exit {exitCode})");
            Assert.True(exitCode == 0, $"dotnet {string.Join(" ", arguments)} failed ({exitCode}):\n{output}");
            return output;
        }
    }
}
