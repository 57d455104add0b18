using System;
using System.IO;
using System.Linq;
using ConvAD.Explanation;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    public sealed class RenderingTests
    {
        [Theory]
        [InlineData(0f, 68, 1, 84)]
        [InlineData(0.5f, 33, 145, 140)]
        [InlineData(1f, 253, 231, 37)]
        public void Viridis_matches_matplotlib_at_its_anchors(float t, int r, int g, int b)
        {
            Rgb24 c = ColorMap.Viridis[t];
            Assert.InRange(c.R, r - 4, r + 4);
            Assert.InRange(c.G, g - 4, g + 4);
            Assert.InRange(c.B, b - 4, b + 4);
        }

        [Fact]
        public void Heatmap_pixels_follow_the_lookup_table_and_small_images_are_enlarged()
        {
            // A 32×32 map: left half 0, right-top max/2, right-bottom max. Opacity 1 shows the table's colours exactly.
            var values = new float[32 * 32];
            for (int y = 0; y < 32; y++)
            {
                for (int x = 16; x < 32; x++)
                {
                    values[y * 32 + x] = y < 16 ? 2f : 4f;
                }
            }

            var map = new ResponsibilityMap(32, 32, values);
            using var image = new Image<Rgb24>(32, 32, new Rgb24(200, 10, 10));
            Canvas tile = ExplanationPictures.HeatmapTile(image, map, ColorMap.Inferno, 1f);

            Assert.Equal(256, tile.Width);
            Assert.Equal(ColorMap.Inferno.Entry(0), tile[10, 10]);
            Assert.Equal(ColorMap.Inferno.Entry(128), tile[200, 50]);
            Assert.Equal(ColorMap.Inferno.Entry(255), tile[200, 200]);

            using Image<Rgb24> withLegend = ExplanationPictures.Heatmap(image, map, ColorMap.Inferno, 1f);
            Assert.Equal(256, withLegend.Height);
            Assert.True(withLegend.Width > 256);
        }

        [Fact]
        public void Overlay_keeps_explanation_pixels_and_greys_the_rest_and_mask_is_binary()
        {
            ExplanationResult r = SmallResult();
            using Image<Rgb24> fitted = ExplainerFixture.Model(ExplainerFixture.ResNet20).Fit(ExplainerFixture.Image(ExplainerFixture.ResNet20));
            using Image<Rgb24> overlay = ExplanationPictures.Overlay(fitted, r.Explanation);
            using Image<Rgb24> mask = ExplanationPictures.Mask(r.Explanation);
            int scale = 256 / 32;
            for (int y = 0; y < 32; y++)
            {
                for (int x = 0; x < 32; x++)
                {
                    Rgb24 o = overlay[x * scale, y * scale];
                    if (r.Explanation.Contains(y, x))
                    {
                        Assert.Equal(fitted[x, y], o);
                        Assert.Equal(new Rgb24(255, 255, 255), mask[x, y]);
                    }
                    else
                    {
                        Assert.True(o.R == o.G && o.G == o.B && o.R >= 150, $"({x},{y}) is not greyed out");
                        Assert.Equal(new Rgb24(0, 0, 0), mask[x, y]);
                    }
                }
            }
        }

        [Fact]
        public void Files_are_written_with_the_expected_sizes_and_a_readable_npy()
        {
            ExplanationResult r = SmallResult();
            using Image<Rgb24> fitted = ExplainerFixture.Model(ExplainerFixture.ResNet20).Fit(ExplainerFixture.Image(ExplainerFixture.ResNet20));
            using var scratch = new ScratchDirectory();
            ExplanationFilePaths paths = ExplanationFiles.Write(scratch.Path, "cat", fitted, r);

            using (Image<Rgb24> heatmap = Image.Load<Rgb24>(paths.Heatmap))
            {
                Assert.Equal(256, heatmap.Height);
            }

            using (Image<Rgb24> mask = Image.Load<Rgb24>(paths.Mask))
            {
                Assert.Equal((32, 32), (mask.Width, mask.Height));
            }

            byte[] npy = File.ReadAllBytes(paths.Responsibility);
            int headerLength = BitConverter.ToUInt16(npy, 8);
            string header = System.Text.Encoding.ASCII.GetString(npy, 10, headerLength);
            Assert.Equal(0, (10 + headerLength) % 64);
            Assert.Contains("'descr': '<f4'", header);
            Assert.Contains("'shape': (32, 32)", header);
            float[] values = Enumerable.Range(0, 32 * 32).Select(i => BitConverter.ToSingle(npy, 10 + headerLength + 4 * i)).ToArray();
            Assert.Equal(r.Responsibility.ToArray(), values);
        }

        [Fact]
        public void Pictures_reject_an_image_that_is_not_the_model_view()
        {
            ExplanationResult r = SmallResult();
            using var wrong = new Image<Rgb24>(64, 64);
            Assert.Throws<ArgumentException>(() => ExplanationPictures.Overlay(wrong, r.Explanation));
        }

        private static ExplanationResult SmallResult() =>
            ExplainerFixture.Model(ExplainerFixture.ResNet20).CreateExplainer(new ExplainerOptions { Iterations = 2 })
                .Explain(ExplainerFixture.Input(ExplainerFixture.ResNet20), Perturbation.ActivationDeactivation);
    }
}
