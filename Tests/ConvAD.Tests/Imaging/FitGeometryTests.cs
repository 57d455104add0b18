using ConvAD.Description;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Imaging
{
    /// <summary>FitGeometry: the resize and crop of preprocessing, the same for fitting an image and for drawing an explanation back on it.</summary>
    public sealed class FitGeometryTests
    {
        private static Preprocessing Crop(int shortSide) => new Preprocessing(ColorOrder.Rgb, 0, 1, resize: ResizeKind.ShortSideCenterCrop, shortSide: shortSide);

        [Fact]
        public void A_crop_without_resize_maps_each_model_pixel_to_the_image_pixel_it_was_cut_from()
        {
            // 64×40 with shortSide 40: no resize, a 32×32 crop at (16, 4); the fitted pixels are the image's, exactly.
            using var image = new Image<Rgb24>(64, 40);
            for (int y = 0; y < 40; y++)
            {
                for (int x = 0; x < 64; x++)
                {
                    image[x, y] = new Rgb24((byte)x, (byte)y, 0);
                }
            }

            FitGeometry geometry = FitGeometry.For(64, 40, Crop(40), 32, 32);
            using Image<Rgb24> fitted = Preprocessor.Fit(image, Crop(40), 32, 32);

            Assert.Equal(new FitGeometry(64, 40, 64, 40, 16, 4, 32, 32), geometry);
            for (int y = 0; y < 40; y++)
            {
                for (int x = 0; x < 64; x++)
                {
                    bool inside = geometry.TryModelPixel(x, y, out int mx, out int my);
                    Assert.Equal(x >= 16 && x < 48 && y >= 4 && y < 36, inside);
                    if (inside)
                    {
                        Assert.Equal(image[x, y], fitted[mx, my]);
                    }
                }
            }
        }

        [Fact]
        public void A_resize_and_crop_follow_torchvision_s_rounding()
        {
            // 100×60, shortSide 40: resized to 66×40 (66.67 truncated), crop offsets (17, 4).
            FitGeometry geometry = FitGeometry.For(100, 60, Crop(40), 32, 32);

            Assert.Equal(new FitGeometry(100, 60, 66, 40, 17, 4, 32, 32), geometry);
            Assert.True(geometry.TryModelPixel(50, 30, out int mx, out int my));
            Assert.Equal((16, 16), (mx, my)); // centre of pixel 50 → 50.5·0.66 = 33.3 → cell 33 − 17; 30.5·(40/60) = 20.3 → 20 − 4
            Assert.False(geometry.TryModelPixel(0, 30, out _, out _));
        }

        [Fact]
        public void Stretch_and_an_image_already_at_size_keep_every_pixel()
        {
            Assert.Equal(new FitGeometry(300, 100, 32, 32, 0, 0, 32, 32), FitGeometry.For(300, 100, Preprocessing.Default, 32, 32));
            Assert.True(FitGeometry.For(32, 32, Crop(40), 32, 32).IsIdentity);
        }
    }
}
