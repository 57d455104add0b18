using System;
using System.IO;
using System.Security.Cryptography;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Imaging
{
    public sealed class ImageLoaderTests : IDisposable
    {
        private readonly ScratchDirectory _dir = new ScratchDirectory();
        private readonly ImageLoader _loader = new ImageLoader();

        public void Dispose() => _dir.Dispose();

        [Theory]
        [InlineData("cat.jpg")]
        [InlineData("fish.png")]
        [InlineData("kitten_224.png")]
        public void Decodes_a_real_photo_without_touching_the_file(string name)
        {
            string path = RepoPaths.File("data", "photos", name);
            byte[] before = SHA256.HashData(File.ReadAllBytes(path));
            IImageInfo info = Image.Identify(path);

            using Image<Rgb24> image = _loader.Load(path);

            Assert.Equal((info.Width, info.Height), (image.Width, image.Height));
            Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        }

        [Fact]
        public void Rejects_huge_dimensions_before_decoding()
        {
            string path = _dir.Write("bomb.png", PngHeader.Claiming(50000, 50000));
            ImageLoadException ex = Assert.Throws<ImageLoadException>(() => _loader.Load(path));
            Assert.Contains("bomb.png", ex.Message);
            Assert.Contains("dimensions 50000×50000 (2500 megapixels) exceed the limit of 40 megapixels", ex.Message);
        }

        [Fact]
        public void Pixel_limit_is_configurable()
        {
            var strict = new ImageLoader(maxPixels: 1000);
            ImageLoadException ex = Assert.Throws<ImageLoadException>(() => strict.Load(RepoPaths.File("data", "photos", "kitten_224.png")));
            Assert.Contains("dimensions 224×224", ex.Reason);
        }

        [Fact]
        public void Rejects_a_file_over_the_size_limit()
        {
            var strict = new ImageLoader(maxFileBytes: 1000);
            ImageLoadException ex = Assert.Throws<ImageLoadException>(() => strict.Load(RepoPaths.File("data", "photos", "cat.jpg")));
            Assert.Contains("over the 1000 bytes limit", ex.Reason);
        }

        [Fact]
        public void Rejects_an_empty_file() =>
            Assert.Equal("is empty, or not a regular file (a pipe, socket or device)", Assert.Throws<ImageLoadException>(() => _loader.Load(_dir.Write("empty.png", Array.Empty<byte>()))).Reason);

        [Fact]
        public void Rejects_text_renamed_to_png()
        {
            ImageLoadException ex = Assert.Throws<ImageLoadException>(() => _loader.Load(_dir.Write("notes.png", "just some text, not pixels\n")));
            Assert.StartsWith("not a supported image format", ex.Reason);
            Assert.EndsWith("notes.png", ex.FilePath);
        }

        [Fact]
        public void Rejects_a_missing_file() =>
            Assert.Equal("file not found", Assert.Throws<ImageLoadException>(() => _loader.Load(_dir.File("absent.jpg"))).Reason);

        [Fact]
        public void Rejects_a_truncated_png()
        {
            byte[] full = File.ReadAllBytes(RepoPaths.File("data", "photos", "fish.png"));
            string path = _dir.Write("cut.png", full.AsSpan(0, full.Length / 3).ToArray());
            Assert.Throws<ImageLoadException>(() => _loader.Load(path));
        }

        [Fact]
        public void Grey_images_become_equal_rgb_channels()
        {
            using (var grey = new Image<L8>(3, 2))
            {
                grey[0, 0] = new L8(0);
                grey[1, 0] = new L8(77);
                grey[2, 1] = new L8(255);
                grey.SaveAsPng(_dir.File("grey.png"));
            }

            using Image<Rgb24> image = _loader.Load(_dir.File("grey.png"));
            Assert.Equal(new Rgb24(77, 77, 77), image[1, 0]);
            Assert.Equal(new Rgb24(255, 255, 255), image[2, 1]);
        }

        [Fact]
        public void Alpha_is_dropped_keeping_the_stored_colour()
        {
            using (var rgba = new Image<Rgba32>(2, 1))
            {
                rgba[0, 0] = new Rgba32(10, 20, 30, 255);
                rgba[1, 0] = new Rgba32(40, 50, 60, 128);
                rgba.SaveAsPng(_dir.File("alpha.png"));
            }

            using Image<Rgb24> image = _loader.Load(_dir.File("alpha.png"));
            Assert.Equal(new Rgb24(10, 20, 30), image[0, 0]);
            Assert.Equal(new Rgb24(40, 50, 60), image[1, 0]);
        }

        [Fact]
        public void Exif_orientation_is_applied()
        {
            using (var wide = new Image<Rgb24>(40, 20))
            {
                wide.Metadata.ExifProfile = new ExifProfile();
                wide.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6); // "rotate 90° clockwise to display"
                wide.SaveAsJpeg(_dir.File("rotated.jpg"));
            }

            using Image<Rgb24> image = _loader.Load(_dir.File("rotated.jpg"));
            Assert.Equal((20, 40), (image.Width, image.Height));
        }
    }
}
