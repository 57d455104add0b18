using System;
using System.Linq;
using ConvAD.Evaluation;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    public sealed class BackgroundTests
    {
        [Fact]
        public void Twenty_backgrounds_are_7_noise_7_solid_6_blurred()
        {
            var kinds = NonInformativeBackgrounds.Generate(20, 8, 8, seed: 1).Select(b => b.Kind).ToArray();
            Assert.Equal(7, kinds.Count(k => k == BackgroundKind.UniformNoise));
            Assert.Equal(7, kinds.Count(k => k == BackgroundKind.SolidColour));
            Assert.Equal(6, kinds.Count(k => k == BackgroundKind.BlurredNoise));
        }

        [Fact]
        public void Backgrounds_depend_on_the_seed_only_not_on_how_many_are_drawn()
        {
            var a = NonInformativeBackgrounds.Generate(6, 16, 12, seed: 3);
            var b = NonInformativeBackgrounds.Generate(20, 16, 12, seed: 3);
            var c = NonInformativeBackgrounds.Generate(6, 16, 12, seed: 4);
            for (int j = 0; j < 6; j++)
            {
                Assert.Equal(a[j].Pixels.ToArray(), b[j].Pixels.ToArray());
                Assert.NotEqual(a[j].Pixels.ToArray(), c[j].Pixels.ToArray());
            }
        }

        [Fact]
        public void Each_kind_looks_as_documented()
        {
            var set = NonInformativeBackgrounds.Generate(3, 32, 32, seed: 9);
            Rgb24[] noise = set[0].Pixels.ToArray(), solid = set[1].Pixels.ToArray(), blurred = set[2].Pixels.ToArray();

            Assert.Single(solid.Distinct());
            Assert.True(noise.Distinct().Count() > 1000, "uniform noise has (almost) a different colour per pixel");

            // Blurred noise is stretched to the full range per channel, and is much smoother than raw noise.
            Assert.Equal(0, blurred.Min(p => p.R));
            Assert.Equal(255, blurred.Max(p => p.R));
            Assert.True(Roughness(blurred) * 4 < Roughness(noise), $"blurred {Roughness(blurred)} vs noise {Roughness(noise)}");
        }

        [Fact]
        public void A_set_preprocesses_each_background_with_the_writer()
        {
            var shape = new ConvAD.Imaging.ImageTensorShape(1, 2, 3, ConvAD.Imaging.ImageTensorLayout.Nchw);
            var pictures = NonInformativeBackgrounds.Generate(2, 3, 2, seed: 0);
            BackgroundSet set = BackgroundSets.FromPictures(shape, pictures, (image, destination) => destination.Fill(image[0, 0].R));
            Assert.Equal(2, set.Count);
            Assert.Equal(Enumerable.Repeat((float)pictures[1].Pixels[0].R, 6), set.Tensor(1).ToArray());
            Assert.Equal(BackgroundKind.SolidColour, set.Kinds[1]);
        }

        // Mean absolute difference of horizontally adjacent red values.
        private static double Roughness(Rgb24[] pixels) =>
            Enumerable.Range(0, pixels.Length - 1).Where(i => (i + 1) % 32 != 0).Average(i => Math.Abs(pixels[i].R - pixels[i + 1].R));
    }
}
