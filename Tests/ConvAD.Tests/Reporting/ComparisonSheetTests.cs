using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Explanation;
using ConvAD.Rendering;
using ConvAD.Tests.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Reporting
{
    /// <summary>The comparison sheet (ConvAD.Reporting): the explanations' own pictures side by side, captioned in a real font.</summary>
    public sealed class ComparisonSheetTests
    {
        [Fact]
        public void The_sheet_puts_each_explanation_beside_the_original_with_captions_under_them()
        {
            var classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            var explainer = classifier.CreateExplainer(new ExplainerOptions { Iterations = 2 });
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            ExplanationResult ad = explainer.Explain(input, Perturbation.ActivationDeactivation);
            ExplanationResult zero = explainer.Explain(input, Perturbation.Occlusion(MaskingValue.Zero));
            using Image<Rgb24> image = ExplainerFixture.Image(ExplainerFixture.ResNet20);
            using Image<Rgb24> fitted = classifier.Fit(image);
            using var scratch = new ScratchDirectory();
            string path = scratch.File("cat.compare.png");

            ComparisonSheet.Write(path, fitted, new[] { ad, zero });

            using Image<Rgb24> sheet = Image.Load<Rgb24>(path);
            // Three 256-px columns (32 × 8) with gaps, two rows of pictures, a title line and three caption lines.
            Assert.Equal(10 + 3 * (256 + 10), sheet.Width);
            Assert.True(sheet.Height > 2 * 256 + 3 * 20, $"{sheet.Height}");
            // The overlay column is the explanation's own overlay, pixel for pixel.
            using Image<Rgb24> overlay = ExplanationPictures.Overlay(fitted, ad.Explanation);
            Assert.Equal(overlay[100, 100], sheet[10 + 266 + 100, 34 + 100]);
            // Captions: dark, anti-aliased text (grey levels, not only black and white) under each column.
            int dark = 0, grey = 0;
            for (int y = sheet.Height - 70; y < sheet.Height; y++)
            {
                for (int x = 276; x < 276 + 256; x++)
                {
                    Rgb24 p = sheet[x, y];
                    dark += p.R < 80 ? 1 : 0;
                    grey += p.R is > 80 and < 200 ? 1 : 0;
                }
            }

            Assert.True(dark > 100 && grey > 20, $"{dark} dark, {grey} grey");
            Assert.Throws<ArgumentException>(() => ComparisonSheet.Write(path, fitted, Array.Empty<ExplanationResult>()));
        }

        [Theory]
        [InlineData(Sufficiency.Sufficient, 25, "25.0% of pixels")]
        [InlineData(Sufficiency.NotEvenWholeImage, 100, "none sufficient")]
        [InlineData(Sufficiency.TargetWinsWithNothingPresent, 0, "none sufficient")]
        public void A_cell_without_a_sufficient_explanation_says_so_rather_than_giving_its_size(Sufficiency sufficiency, int area, string caption)
        {
            float[] mask = new float[100];
            Array.Fill(mask, 1f, 0, area);
            var explanation = new SufficientExplanation(10, 10, mask, area, 0.5f, 0, sufficiency, minimised: false);

            Assert.Equal(caption, ComparisonSheet.AreaCaption(explanation));
        }

        [Fact]
        public void Methods_get_one_row_each_with_one_column_per_perturbation()
        {
            var classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            var explainer = classifier.CreateExplainer(new ExplainerOptions { Iterations = 2 });
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            Perturbation[] modes = { Perturbation.ActivationDeactivation, Perturbation.Occlusion(MaskingValue.Zero), Perturbation.Occlusion(MaskingValue.Blur) };
            IReadOnlyList<IReadOnlyList<ExplanationResult>> grid = explainer.Compare(input, modes,
                new AttributionOptions?[] { null, new OcclusionOptions(), new RiseOptions { Masks = 50 } });
            using Image<Rgb24> image = ExplainerFixture.Image(ExplainerFixture.ResNet20);
            using Image<Rgb24> fitted = classifier.Fit(image);
            using var scratch = new ScratchDirectory();
            string path = scratch.File("cat.compare.png");

            ComparisonSheet.Write(path, fitted, grid);

            using Image<Rgb24> sheet = Image.Load<Rgb24>(path);
            // A label column and three 256-px columns wide; a title line, a line of perturbations, then per method two
            // pictures and two caption lines (ComparisonSheet's layout: 10 px gaps, 24 px lines).
            const int w = 256, top = 24 + 10 + 24, rowHeight = 2 * w + 10 + 5 + 2 * 24 + 10;
            Assert.Equal(10 + 4 * (w + 10), sheet.Width);
            Assert.Equal(top + 3 * rowHeight, sheet.Height);
            for (int m = 0; m < 3; m++)
            {
                for (int c = 0; c < 3; c++)
                {
                    // Each cell's overlay is its explanation's own overlay, pixel for pixel, and its map is the method's.
                    int x = 10 + (c + 1) * (w + 10), y = top + m * rowHeight;
                    using Image<Rgb24> overlay = ExplanationPictures.Overlay(fitted, grid[m][c].Explanation);
                    using Image<Rgb24> heatmap = ExplanationPictures.HeatmapTile(fitted, grid[m][c].Responsibility, ColorMap.Viridis, 0.6f).ToImage();
                    for (int p = 0; p < w; p += 5)
                    {
                        Assert.Equal(overlay[p, (p * 7) % w], sheet[x + p, y + (p * 7) % w]);
                        Assert.Equal(heatmap[p, (p * 3) % w], sheet[x + p, y + w + 5 + (p * 3) % w]);
                    }
                }
            }

            var mismatched = new[] { grid[0], grid[1].Take(2).ToArray() };
            Assert.Throws<ArgumentException>(() => ComparisonSheet.Write(path, fitted, mismatched));
            Assert.Throws<ArgumentException>(() => ComparisonSheet.Write(path, fitted, new[] { grid[0], grid[1].Reverse().ToArray() }));
            Assert.Throws<ArgumentException>(() => ComparisonSheet.Write(path, fitted, Array.Empty<IReadOnlyList<ExplanationResult>>()));
        }

        [Fact]
        public void A_sheet_of_rex_alone_is_drawn_exactly_as_a_row_of_explanations()
        {
            var classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            var explainer = classifier.CreateExplainer(new ExplainerOptions { Iterations = 1 });
            IReadOnlyList<IReadOnlyList<ExplanationResult>> grid = explainer.Compare(ExplainerFixture.Input(ExplainerFixture.ResNet20));
            using Image<Rgb24> image = ExplainerFixture.Image(ExplainerFixture.ResNet20);
            using Image<Rgb24> fitted = classifier.Fit(image);
            using var scratch = new ScratchDirectory();

            ComparisonSheet.Write(scratch.File("grid.png"), fitted, grid);
            ComparisonSheet.Write(scratch.File("row.png"), fitted, grid[0]);

            Assert.Equal(File.ReadAllBytes(scratch.File("row.png")), File.ReadAllBytes(scratch.File("grid.png")));
        }
    }
}
