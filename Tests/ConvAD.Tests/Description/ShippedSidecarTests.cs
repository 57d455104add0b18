using System.IO;
using ConvAD.Description;
using Xunit;

namespace ConvAD.Tests.Description
{
    /// <summary>Every model shipped under models/ has a sidecar that loads and matches the preprocessing in shared/README.md.</summary>
    public sealed class ShippedSidecarTests
    {
        [Theory]
        [InlineData("squeezenet1.1/squeezenet1.1-fp16.onnx", 3, 1000)]
        [InlineData("shufflenet-v2/shufflenet-v2-12-qdq.onnx", 3, 1000)]
        [InlineData("cifar10/resnet20.onnx", 3, 10)]
        [InlineData("cifar10/resnet32.onnx", 3, 10)]
        [InlineData("cifar10/resnet20-int8.onnx", 3, 10)]
        [InlineData("squeezenet1.1/squeezenet1.1-int8.onnx", 3, 1000)]
        [InlineData("cifar10/small-cnn.onnx", 3, 10)]
        [InlineData("mnist/mnist-8.onnx", 1, 10)]
        public void Each_shipped_model_has_a_valid_sidecar(string model, int channels, long classes)
        {
            string onnx = RepoPaths.File("models", model);
            ModelDescription description = ModelDescription.LoadFor(onnx);

            Assert.False(description.IsDefault);
            Assert.Equal(Path.GetFullPath(onnx), description.ModelPath);
            Assert.Equal(classes, description.Labels!.Count);
            description.Validate(channels, classes);
        }

        [Fact]
        public void SqueezeNet_is_bgr_0_to_255_probabilities()
        {
            ModelDescription d = Load("squeezenet1.1", "squeezenet1.1-fp16");
            Assert.Equal(ColorOrder.Bgr, d.Preprocessing.ColorOrder);
            Assert.Equal((0.0, 255.0), (d.Preprocessing.PixelLow, d.Preprocessing.PixelHigh));
            Assert.Equal(new[] { 0.0 }, d.Preprocessing.Mean);
            Assert.Equal(new[] { 1.0 }, d.Preprocessing.Std);
            Assert.Equal(ResizeKind.Stretch, d.Preprocessing.Resize);
            Assert.Equal(OutputKind.Probabilities, d.Output);
            Assert.Equal("tench", d.Labels![0]);
            Assert.Equal("toilet tissue", d.Labels[999]);
            Assert.Equal(200f, d.Preprocessing.Map(0, 200));
        }

        [Fact]
        public void ShuffleNet_resizes_short_side_256_then_crops_with_imagenet_normalisation()
        {
            ModelDescription d = Load("shufflenet-v2", "shufflenet-v2-12-qdq");
            Assert.Equal(ColorOrder.Rgb, d.Preprocessing.ColorOrder);
            Assert.Equal(ResizeKind.ShortSideCenterCrop, d.Preprocessing.Resize);
            Assert.Equal(256, d.Preprocessing.ShortSide);
            Assert.Equal(new[] { 0.485, 0.456, 0.406 }, d.Preprocessing.Mean);
            Assert.Equal(new[] { 0.229, 0.224, 0.225 }, d.Preprocessing.Std);
            Assert.Equal(OutputKind.Logits, d.Output);
            d.Validate(3, 1000, 224, 224);
        }

        [Theory]
        [InlineData("resnet20")]
        [InlineData("resnet32")]
        public void Cifar_resnets_use_imagenet_mean_and_std(string name)
        {
            ModelDescription d = Load("cifar10", name);
            Assert.Equal(new[] { 0.485, 0.456, 0.406 }, d.Preprocessing.Mean);
            Assert.Equal(new[] { 0.229, 0.224, 0.225 }, d.Preprocessing.Std);
            Assert.Equal((float)((128 / 255.0 - 0.456) / 0.224), d.Preprocessing.Map(1, 128));
            Assert.Equal(new[] { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" }, d.Labels);
        }

        [Fact]
        public void Small_cnn_maps_pixels_to_minus_one_to_one()
        {
            Preprocessing p = Load("cifar10", "small-cnn").Preprocessing;
            Assert.Equal(-1f, p.Map(0, 0));
            Assert.Equal(1f, p.Map(2, 255));
        }

        [Fact]
        public void Mnist_is_gray_raw_pixels()
        {
            ModelDescription d = Load("mnist", "mnist-8");
            Assert.Equal(ColorOrder.Gray, d.Preprocessing.ColorOrder);
            Assert.Equal(1, d.Preprocessing.Channels);
            Assert.Equal(37f, d.Preprocessing.Map(0, 37));
            Assert.Equal("7", d.Labels![7]);
        }

        [Fact]
        public void Sidecar_path_replaces_the_onnx_extension()
        {
            Assert.Equal(Path.Combine("dir", "resnet20.convad.json"), ModelDescription.SidecarPathFor(Path.Combine("dir", "resnet20.onnx")));
            Assert.Equal(Path.Combine("d", "squeezenet1.1-fp16.convad.json"), ModelDescription.SidecarPathFor(Path.Combine("d", "squeezenet1.1-fp16.onnx")));
        }

        private static ModelDescription Load(string folder, string name) =>
            ModelDescription.Load(RepoPaths.File("models", folder, name + ModelDescription.SidecarSuffix));
    }
}
