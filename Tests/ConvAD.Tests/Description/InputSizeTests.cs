using System;
using ConvAD.Classification;
using ConvAD.Description;
using ConvAD.Engine;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Tests.Description
{
    /// <summary>
    /// The size to run a model with a symbolic height and width: the sidecar's <c>input.size</c>, the <c>HxW</c> text of
    /// <c>--input-size</c>, and which one wins when a classifier is loaded.
    /// </summary>
    public sealed class InputSizeTests : IDisposable
    {
        private readonly ScratchDirectory _dir = new ScratchDirectory();

        public InputSizeTests()
        {
            _dir.Write("m.onnx", "not really a model; only its existence is checked");
        }

        public void Dispose() => _dir.Dispose();

        [Fact]
        public void The_sidecar_states_height_then_width()
        {
            ModelDescription d = ModelDescription.Parse("{ \"model\": \"m.onnx\", \"input\": { \"size\": [24, 40] } }", _dir.Path);
            Assert.Equal(new InputSize(24, 40), d.InputSize);
            Assert.Null(ModelDescription.Parse("{ \"model\": \"m.onnx\", \"input\": { \"colorOrder\": \"RGB\" } }", _dir.Path).InputSize);
            Assert.Null(ModelDescription.Parse("{ \"model\": \"m.onnx\" }", _dir.Path).InputSize);
        }

        [Theory]
        [InlineData("[224]")]
        [InlineData("[224, 224, 3]")]
        [InlineData("[0, 224]")]
        [InlineData("[-1, 224]")]
        [InlineData("[24.5, 40]")]
        [InlineData("[16385, 40]")]
        [InlineData("[1e300, 40]")]
        public void An_invalid_size_names_the_property_and_what_it_must_be(string size)
        {
            var e = Assert.Throws<ModelDescriptionException>(() =>
                ModelDescription.Parse($"{{ \"model\": \"m.onnx\", \"input\": {{ \"size\": {size} }} }}", _dir.Path, "m.convad.json"));
            Assert.Contains("m.convad.json", e.Message);
            Assert.Contains("'input.size' must be 2 whole numbers [height, width] from 1 to 16384", e.Message);
        }

        [Fact]
        public void A_size_that_is_not_numbers_is_refused() =>
            Assert.Contains("'input.size' must be a number or an array of numbers", Assert.Throws<ModelDescriptionException>(() =>
                ModelDescription.Parse("{ \"model\": \"m.onnx\", \"input\": { \"size\": \"224x224\" } }", _dir.Path)).Message);

        [Theory]
        [InlineData("224x224", 224, 224)]
        [InlineData("24x40", 24, 40)]
        [InlineData("24X40", 24, 40)]
        [InlineData("24×40", 24, 40)]
        [InlineData(" 7 x 9 ", 7, 9)]
        public void HxW_parses_height_first(string text, int height, int width)
        {
            Assert.True(InputSize.TryParse(text, out InputSize? size));
            Assert.Equal((height, width), (size!.Height, size.Width));
            Assert.True(InputSize.TryParse(size.ToString(), out InputSize? again));
            Assert.Equal(size, again);
        }

        [Theory]
        [InlineData("224")]
        [InlineData("224x")]
        [InlineData("x224")]
        [InlineData("0x224")]
        [InlineData("-2x224")]
        [InlineData("224x224x3")]
        [InlineData("224,224")]
        [InlineData("16385x1")]
        [InlineData("")]
        [InlineData(null)]
        public void Anything_else_is_not_a_size(string? text)
        {
            Assert.False(InputSize.TryParse(text, out InputSize? size));
            Assert.Null(size);
        }

        [Fact]
        public void A_stated_size_wins_over_the_sidecar()
        {
            var described = new InputSize(24, 40);
            Assert.Equal(described, PlanOptions.Default.WithInputSizeFallback(described).InputSize);
            var stated = new PlanOptions { InputSize = new InputSize(32, 32) };
            Assert.Same(stated, stated.WithInputSizeFallback(described));
            Assert.Same(PlanOptions.Default, PlanOptions.Default.WithInputSizeFallback(null));
        }

        [Fact]
        public void A_classifier_runs_at_the_sidecar_size_unless_the_caller_states_one()
        {
            string sidecar = RepoPaths.File("Tests", "Fixtures", "models", "patterns", "dynamic_hw.convad.json");
            using (ImageClassifier described = ImageClassifier.Load(sidecar))
            {
                Assert.Equal((24, 40), (described.InputShape.Height, described.InputShape.Width));
            }

            var options = new EngineOptions { Plan = new PlanOptions { InputSize = new InputSize(32, 48) } };
            using ImageClassifier stated = ImageClassifier.Load(sidecar, options);
            Assert.Equal((32, 48), (stated.InputShape.Height, stated.InputShape.Width));
        }
    }
}
