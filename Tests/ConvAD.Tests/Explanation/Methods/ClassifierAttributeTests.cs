using System.IO;
using System.Text.Json;
using ConvAD.Classification;
using ConvAD.Explanation;
using ConvAD.Rendering;
using Xunit;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary><c>ImageClassifier.Attribute(path, method).Save(folder)</c>: the one-line path writes a heatmap, a .npy map and a JSON summary.</summary>
    public sealed class ClassifierAttributeTests
    {
        [Fact]
        public void Attribute_fits_the_image_and_saves_three_files()
        {
            using var scratch = new ScratchDirectory();
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            string cat = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");
            using ImageAttribution attribution = model.Attribute(cat, new OcclusionOptions { Window = 8, Stride = 8 }, Perturbation.Occlusion(MaskingValue.Mean));

            Assert.Equal("cat", attribution.Result.Target.Label);
            Assert.Equal(1 + 4 * 4, attribution.Result.MutantsEvaluated);
            Assert.Equal((32, 32), (attribution.Image.Height, attribution.Image.Width));
            AttributionFilePaths files = attribution.Save(scratch.Path);

            Assert.Equal(Path.Combine(scratch.Path, "0000.occlusion.heatmap.png"), files.Heatmap);
            Assert.Equal(32 * 32 * 4 + 128, new FileInfo(files.Map).Length);
            using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(files.Summary));
            Assert.Equal("mean", summary.RootElement.GetProperty("mode").GetString());
            Assert.Equal(8, summary.RootElement.GetProperty("settings").GetProperty("window").GetInt32());
            Assert.Equal(3, Directory.GetFiles(scratch.Path).Length);
        }
    }
}
