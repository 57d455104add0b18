using System;
using ConvAD.Description;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Imaging
{
    /// <summary>InputPicture undoes Preprocessor exactly: a picture preprocessed and drawn back is the same picture.</summary>
    public sealed class InputPictureTests
    {
        [Theory]
        [InlineData("cifar10", "resnet20", ImageTensorLayout.Nchw)]        // RGB, [0, 1], ImageNet mean/std per channel
        [InlineData("cifar10", "resnet20", ImageTensorLayout.Nhwc)]
        [InlineData("squeezenet1.1", "squeezenet1.1-fp16", ImageTensorLayout.Nchw)] // BGR, [0, 255]
        public void A_colour_picture_survives_preprocessing_and_back(string folder, string model, ImageTensorLayout layout)
        {
            Preprocessing p = ModelDescription.LoadFor(RepoPaths.File("models", folder, model + ".onnx")).Preprocessing;
            using Image<Rgb24> cat = Image.Load<Rgb24>(RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg"));
            var shape = new ImageTensorShape(3, cat.Height, cat.Width, layout);
            var tensor = new float[shape.Length];
            Preprocessor.Write(cat, p, shape, tensor);

            using Image<Rgb24> back = InputPicture.From(tensor, p, shape);

            Assert.Equal(Pixels(cat), Pixels(back));
        }

        [Fact]
        public void A_grey_input_becomes_a_grey_picture_of_its_luma()
        {
            Preprocessing p = ModelDescription.LoadFor(RepoPaths.File("models", "mnist", "mnist-8.onnx")).Preprocessing;
            using Image<Rgb24> cat = Image.Load<Rgb24>(RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg"));
            var shape = new ImageTensorShape(1, cat.Height, cat.Width, ImageTensorLayout.Nchw);
            var tensor = new float[shape.Length];
            Preprocessor.Write(cat, p, shape, tensor);

            using Image<Rgb24> back = InputPicture.From(tensor, p, shape);

            Rgb24[] original = Pixels(cat), grey = Pixels(back);
            for (int i = 0; i < original.Length; i++)
            {
                // PIL's fixed-point ITU-R 601 luma, as the preprocessing computes it.
                Rgb24 o = original[i];
                byte luma = (byte)((o.R * 19595 + o.G * 38470 + o.B * 7471 + 0x8000) >> 16);
                Assert.Equal(new Rgb24(luma, luma, luma), grey[i]);
            }
        }

        [Fact]
        public void Values_beyond_the_pixel_range_are_clamped_and_a_wrong_length_is_refused()
        {
            var p = new Preprocessing(ColorOrder.Rgb, 0, 1);
            var shape = new ImageTensorShape(3, 1, 2, ImageTensorLayout.Nchw);
            using Image<Rgb24> picture = InputPicture.From(new[] { -5f, 7f, 0.5f, float.NaN, 1f, 0f }, p, shape);

            Assert.Equal(new Rgb24(0, 128, 255), picture[0, 0]);
            Assert.Equal(new Rgb24(255, 0, 0), picture[1, 0]);
            Assert.Throws<ArgumentException>(() => InputPicture.From(new float[5], p, shape));
        }

        private static Rgb24[] Pixels(Image<Rgb24> image)
        {
            var pixels = new Rgb24[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return pixels;
        }
    }
}
