using System;
using ConvAD.Classification;
using ConvAD.Description;
using Xunit;

namespace ConvAD.Tests.Description
{
    /// <summary>Without a sidecar the defaults come from the model where it can say: a 1-channel input is grey.</summary>
    public sealed class ModelDefaultsTests : IDisposable
    {
        private readonly ScratchDirectory _dir = new ScratchDirectory();

        public void Dispose() => _dir.Dispose();

        [Fact]
        public void One_channel_is_gray_and_any_other_count_rgb()
        {
            string path = _dir.Write("m.onnx", "x");
            ModelDescription gray = ModelDescription.Default(path, 1);
            Assert.Equal(ColorOrder.Gray, gray.Preprocessing.ColorOrder);
            Assert.True(gray.IsDefault);
            gray.Validate(1, 10);
            Assert.Equal("Gray (the model's input has 1 channel), pixels in [0, 1], no mean/std, stretch resize, logits, no labels", gray.Assumed);

            ModelDescription rgb = ModelDescription.Default(path, 3);
            Assert.Equal(ColorOrder.Rgb, rgb.Preprocessing.ColorOrder);
            Assert.StartsWith("RGB, pixels in [0, 1]", rgb.Assumed);
        }

        [Fact]
        public void A_description_read_from_a_sidecar_assumed_nothing()
        {
            _dir.Write("m.onnx", "x");
            Assert.Null(ModelDescription.Parse("{ \"model\": \"m.onnx\" }", _dir.Path).Assumed);
        }

        [Fact]
        public void A_one_channel_model_without_a_sidecar_loads_as_gray()
        {
            // Before, the RGB guess failed validation: "colorOrder is RGB but the model's input has 1 channel".
            string model = _dir.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"));
            using ImageClassifier classifier = ImageClassifier.Load(model);
            Assert.True(classifier.Description.IsDefault);
            Assert.Equal(ColorOrder.Gray, classifier.Description.Preprocessing.ColorOrder);
            Assert.Equal(1, classifier.InputShape.Channels);
        }
    }
}
