using System;
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
    }
}
