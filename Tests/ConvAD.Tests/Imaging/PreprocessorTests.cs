using System;
using ConvAD.Description;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit;

namespace ConvAD.Tests.Imaging
{
    /// <summary>Values are checked against the formula applied by hand to the decoded pixel, for the shipped sidecars.</summary>
    public sealed class PreprocessorTests
    {
        private static readonly ImageShape Cifar = new ImageShape(3, 32, 32);

        [Fact]
        public void ResNet20_writes_normalised_rgb_planes()
        {
            Preprocessing p = Sidecar("cifar10", "resnet20").Preprocessing;
            using Image<Rgb24> cat = LoadCat();
            var tensor = new float[Cifar.Length];

            Preprocessor.Write(cat, p, Cifar.Nchw, tensor);

            Rgb24 origin = cat[0, 0];
            Assert.Equal((float)((origin.R / 255.0 - 0.485) / 0.229), tensor[0]);
            Rgb24 pixel = cat[7, 19]; // x = 7, y = 19
            int at = 19 * 32 + 7;
            Assert.Equal((float)((pixel.R / 255.0 - 0.485) / 0.229), tensor[at]);
            Assert.Equal((float)((pixel.G / 255.0 - 0.456) / 0.224), tensor[1024 + at]);
            Assert.Equal((float)((pixel.B / 255.0 - 0.406) / 0.225), tensor[2048 + at]);
        }

        [Fact]
        public void Nhwc_interleaves_the_same_values()
        {
            Preprocessing p = Sidecar("cifar10", "resnet20").Preprocessing;
            using Image<Rgb24> cat = LoadCat();
            var nchw = new float[Cifar.Length];
            var nhwc = new float[Cifar.Length];

            Preprocessor.Write(cat, p, Cifar.Nchw, nchw);
            Preprocessor.Write(cat, p, Cifar.Nhwc, nhwc);

            for (int i = 0; i < 32 * 32; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(nchw[c * 1024 + i], nhwc[i * 3 + c]);
                }
            }
        }

        [Fact]
        public void SqueezeNet_writes_bgr_raw_pixels()
        {
            Preprocessing p = Sidecar("squeezenet1.1", "squeezenet1.1-fp16").Preprocessing;
            using Image<Rgb24> kitten = new ImageLoader().Load(RepoPaths.File("data", "photos", "kitten_224.png"));
            var tensor = new float[3 * 224 * 224];

            Preprocessor.Write(kitten, p, new ImageTensorShape(3, 224, 224, ImageTensorLayout.Nchw), tensor);

            const int plane = 224 * 224;
            foreach ((int x, int y) in new[] { (0, 0), (100, 37), (223, 223) })
            {
                Rgb24 px = kitten[x, y];
                int at = y * 224 + x;
                Assert.Equal(px.B, tensor[at]);
                Assert.Equal(px.G, tensor[plane + at]);
                Assert.Equal(px.R, tensor[2 * plane + at]);
            }
        }

        [Fact]
        public void Mnist_gray_keeps_the_exact_digit_pixels()
        {
            Preprocessing p = Sidecar("mnist", "mnist-8").Preprocessing;
            MnistSet digits = MnistReaderTests.ReadTestSet(1);
            using Image<Rgb24> digit = digits.ToImage(0);
            var tensor = new float[28 * 28];

            Preprocessor.Write(digit, p, new ImageTensorShape(1, 28, 28, ImageTensorLayout.Nchw), tensor);

            for (int i = 0; i < tensor.Length; i++)
            {
                Assert.Equal(digits.Images[0][i], tensor[i]);
            }
        }

        [Fact]
        public void Gray_of_colour_is_itu_601_luma_like_pil()
        {
            var p = new Preprocessing(ColorOrder.Gray, 0, 255);
            using var image = new Image<Rgb24>(3, 1);
            image[0, 0] = new Rgb24(255, 0, 0);
            image[1, 0] = new Rgb24(0, 255, 0);
            image[2, 0] = new Rgb24(0, 0, 255);
            var tensor = new float[3];

            Preprocessor.Write(image, p, new ImageTensorShape(1, 1, 3, ImageTensorLayout.Nhwc), tensor);

            Assert.Equal(new float[] { 76, 150, 29 }, tensor); // PIL's convert("L") of pure red, green, blue
        }

        [Fact]
        public void Short_side_crop_takes_the_centre_at_the_input_size()
        {
            Preprocessing p = Sidecar("shufflenet-v2", "shufflenet-v2-12-qdq").Preprocessing;
            // Short side already 256, so no resampling: the crop must start at ((512 − 224) / 2, (256 − 224) / 2) = (144, 16).
            using var wide = new Image<Rgb24>(512, 256);
            for (int y = 0; y < 256; y++)
            {
                for (int x = 0; x < 512; x++)
                {
                    wide[x, y] = new Rgb24((byte)(x % 256), (byte)y, (byte)(x / 256));
                }
            }

            using Image<Rgb24> fitted = Preprocessor.Fit(wide, p, 224, 224);

            Assert.Equal((224, 224), (fitted.Width, fitted.Height));
            Assert.Equal(new Rgb24(144, 16, 0), fitted[0, 0]);
            Assert.Equal(new Rgb24((144 + 223) % 256, 16 + 223, 1), fitted[223, 223]);
            Assert.Equal((512, 256), (wide.Width, wide.Height));
        }

        [Fact]
        public void A_short_side_resize_over_the_memory_limit_is_refused_with_its_sizes()
        {
            // 4000×250 loads within a 1-megapixel limit; at shortSide 4096 it would be resized to 65536×4096 before the crop.
            using var scratch = new ScratchDirectory();
            string path = scratch.File("wide.png");
            using (var wide = new Image<Rgb24>(4000, 250))
            {
                wide.SaveAsPng(path);
            }

            using Image<Rgb24> image = new ImageLoader(maxPixels: 1_000_000).Load(path);
            var p = new Preprocessing(ColorOrder.Rgb, 0, 1, resize: ResizeKind.ShortSideCenterCrop, shortSide: 4096);

            ArgumentException e = Assert.Throws<ArgumentException>(() => Preprocessor.Fit(image, p, 224, 224));
            Assert.Contains("shortSide 4096 resizes a 4000×250 image to 65536×4096 (268.4 megapixels)", e.Message);
        }

        [Fact]
        public void Short_side_crop_resizes_a_real_photo()
        {
            Preprocessing p = Sidecar("shufflenet-v2", "shufflenet-v2-12-qdq").Preprocessing;
            using Image<Rgb24> dog = new ImageLoader().Load(RepoPaths.File("data", "photos", "dog.jpg"));
            var tensor = new float[3 * 224 * 224];

            Preprocessor.Write(dog, p, new ImageTensorShape(3, 224, 224, ImageTensorLayout.Nchw), tensor);
            using Image<Rgb24> fitted = Preprocessor.Fit(dog, p, 224, 224);

            Rgb24 px = fitted[50, 60];
            Assert.Equal((float)((px.G / 255.0 - 0.456) / 0.224), tensor[224 * 224 + 60 * 224 + 50]);
            Assert.All(tensor, v => Assert.InRange(v, -2.2f, 2.7f));
        }

        [Fact]
        public void Stretch_resizes_to_exactly_the_input_size()
        {
            using var image = new Image<Rgb24>(64, 48, new Rgb24(200, 100, 50));
            using Image<Rgb24> fitted = Preprocessor.Fit(image, Preprocessing.Default, 32, 32);
            Assert.Equal((32, 32), (fitted.Width, fitted.Height));
            Assert.Equal(new Rgb24(200, 100, 50), fitted[16, 16]);
        }

        [Fact]
        public void Images_fill_their_own_slice_of_a_batch()
        {
            Preprocessing p = Sidecar("cifar10", "resnet20").Preprocessing;
            using Image<Rgb24> cat = LoadCat();
            using Image<Rgb24> dog = new ImageLoader().Load(RepoPaths.File("data", "cifar10-test", "dog", "0000.jpg"));
            var alone = new float[Cifar.Length];
            var batch = new float[2 * Cifar.Length];

            Preprocessor.Write(dog, p, Cifar.Nchw, alone);
            Preprocessor.Write(cat, p, Cifar.Nchw, batch.AsSpan(0, Cifar.Length));
            Preprocessor.Write(dog, p, Cifar.Nchw, batch.AsSpan(Cifar.Length, Cifar.Length));

            Assert.Equal(alone, batch[Cifar.Length..]);
        }

        [Fact]
        public void Rejects_mismatched_channels_and_destination()
        {
            Preprocessing rgb = Preprocessing.Default;
            using var image = new Image<Rgb24>(4, 4);
            Assert.Contains("gives 3 channel(s) but the input has 1",
                Assert.Throws<ArgumentException>(() => Preprocessor.Write(image, rgb, new ImageTensorShape(1, 4, 4, ImageTensorLayout.Nchw), new float[16])).Message);
            Assert.Contains("destination holds 10 floats",
                Assert.Throws<ArgumentException>(() => Preprocessor.Write(image, rgb, new ImageTensorShape(3, 4, 4, ImageTensorLayout.Nchw), new float[10])).Message);
        }

        [Fact]
        public void Rejects_a_short_side_too_small_for_the_crop()
        {
            var p = new Preprocessing(ColorOrder.Rgb, 0, 1, resize: ResizeKind.ShortSideCenterCrop, shortSide: 100);
            using var image = new Image<Rgb24>(300, 200);
            Assert.Contains("too small for a 224×224 centre crop", Assert.Throws<ArgumentException>(() => Preprocessor.Fit(image, p, 224, 224)).Message);
        }

        private static Image<Rgb24> LoadCat() => new ImageLoader().Load(RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg"));

        private static ModelDescription Sidecar(string folder, string name) =>
            ModelDescription.Load(RepoPaths.File("models", folder, name + ModelDescription.SidecarSuffix));

        private sealed record ImageShape(int Channels, int Height, int Width)
        {
            public ImageTensorShape Nchw => new ImageTensorShape(Channels, Height, Width, ImageTensorLayout.Nchw);

            public ImageTensorShape Nhwc => new ImageTensorShape(Channels, Height, Width, ImageTensorLayout.Nhwc);

            public int Length => Channels * Height * Width;
        }
    }
}
