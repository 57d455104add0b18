using System;
using System.IO;
using ConvAD.Description;
using Xunit;

namespace ConvAD.Tests.Description
{
    /// <summary>A broken sidecar fails with a message that names the file and the problem.</summary>
    public sealed class SidecarErrorTests : IDisposable
    {
        private readonly ScratchDirectory _dir = new ScratchDirectory();

        public SidecarErrorTests()
        {
            _dir.Write("m.onnx", "not really a model; only its existence is checked");
        }

        public void Dispose() => _dir.Dispose();

        [Fact]
        public void Missing_sidecar_file()
        {
            ModelDescriptionException ex = Assert.Throws<ModelDescriptionException>(() => ModelDescription.Load(_dir.File("nope.convad.json")));
            Assert.Contains("nope.convad.json", ex.Message);
            Assert.Contains("not found", ex.Message);
        }

        [Fact]
        public void Invalid_json_reports_the_line()
        {
            string path = _dir.Write("m.convad.json", "{\n  \"model\": \"m.onnx\",\n  oops\n}");
            ModelDescriptionException ex = Assert.Throws<ModelDescriptionException>(() => ModelDescription.Load(path));
            Assert.Contains("m.convad.json", ex.Message);
            Assert.Contains("invalid JSON at line 3", ex.Message);
        }

        [Theory]
        [InlineData("\"colorOrder\": \"CMYK\"", "unknown colorOrder \"CMYK\"")]
        [InlineData("\"mean\": [0.1, 0.2]", "mean must have 1 or 3 values, got 2")]
        [InlineData("\"std\": [0.2, 0, 0.2]", "std must be positive, but std[1] is 0")]
        [InlineData("\"std\": [1, 2, 3, 4]", "std must have 1 or 3 values, got 4")]
        [InlineData("\"colorOrder\": \"Gray\", \"mean\": [1, 2, 3]", "mean must have 1 value for colorOrder Gray, got 3")]
        [InlineData("\"pixelRange\": [0]", "'input.pixelRange' must be 2 numbers [low, high], got 1")]
        [InlineData("\"pixelRange\": [0, \"x\"]", "'input.pixelRange[1]' must be a number")]
        [InlineData("\"pixelRange\": \"0..1\"", "'input.pixelRange' must be a number or an array of numbers")]
        [InlineData("\"pixelRange\": [1, 1]", "pixelRange must be two different finite numbers")]
        [InlineData("\"resize\": { \"mode\": \"squash\" }", "unknown resize mode \"squash\"")]
        [InlineData("\"resize\": { \"mode\": \"shortSideCenterCrop\" }", "needs a positive integer 'input.resize.shortSide'")]
        [InlineData("\"resize\": { \"mode\": \"shortSideCenterCrop\", \"shortSide\": 25.5 }", "'input.resize.shortSide' must be an integer, got 25.5")]
        public void Invalid_input_section(string inputFields, string expected)
        {
            ModelDescriptionException ex = LoadBad($"{{ \"model\": \"m.onnx\", \"input\": {{ {inputFields} }} }}");
            Assert.Contains(expected, ex.Message);
            Assert.Contains("m.convad.json", ex.Message);
        }

        [Fact]
        public void Missing_model_property() =>
            Assert.Contains("required property 'model' is missing", LoadBad("{ \"name\": \"x\" }").Message);

        [Fact]
        public void Model_file_named_in_the_sidecar_is_missing() =>
            Assert.Contains("model file 'gone.onnx' named in the sidecar not found", LoadBad("{ \"model\": \"gone.onnx\" }").Message);

        [Fact]
        public void Labels_file_missing() =>
            Assert.Contains("labels file 'classes.txt' not found", LoadBad("{ \"model\": \"m.onnx\", \"labels\": \"classes.txt\" }").Message);

        [Fact]
        public void Labels_file_with_a_blank_line_inside()
        {
            _dir.Write("classes.txt", "a\n\nc\n");
            ModelDescriptionException ex = LoadBad("{ \"model\": \"m.onnx\", \"labels\": \"classes.txt\" }");
            Assert.Contains("line 2 of the labels file is empty", ex.Message);
            Assert.Contains("classes.txt", ex.Message);
        }

        [Fact]
        public void Unknown_output_kind() =>
            Assert.Contains("unknown output kind \"scores\"", LoadBad("{ \"model\": \"m.onnx\", \"output\": { \"kind\": \"scores\" } }").Message);

        [Fact]
        public void Unsupported_task() =>
            Assert.Contains("unsupported task 'detection'", LoadBad("{ \"model\": \"m.onnx\", \"task\": \"detection\" }").Message);

        [Fact]
        public void Duplicate_property() =>
            Assert.Contains("property 'input.mean' appears twice", LoadBad("{ \"model\": \"m.onnx\", \"input\": { \"mean\": 1, \"Mean\": 2 } }").Message);

        [Fact]
        public void Top_level_must_be_an_object() =>
            Assert.Contains("the top level must be a JSON object", LoadBad("[1, 2]").Message);

        [Fact]
        public void Comments_trailing_commas_unknown_properties_and_inline_labels_are_accepted()
        {
            string json = "{\n  // a comment\n  \"model\": \"m.onnx\",\n  \"futureField\": { \"x\": 1 },\n" +
                          "  \"input\": { \"colorOrder\": \"bgr\", \"mean\": 0.5, \"std\": [0.25], },\n  \"labels\": [\"no\", \"yes\"],\n}";
            ModelDescription d = ModelDescription.Parse(json, _dir.Path);

            Assert.Equal(Path.Combine(_dir.Path, "m.onnx"), d.ModelPath);
            Assert.Equal("m", d.Name);
            Assert.Equal(ColorOrder.Bgr, d.Preprocessing.ColorOrder);
            Assert.Equal(2f, d.Preprocessing.Map(0, 255));
            Assert.Equal(new[] { "no", "yes" }, d.Labels);
            Assert.Equal(OutputKind.Logits, d.Output);
            Assert.Null(d.SidecarPath);
        }

        [Fact]
        public void Labels_file_trailing_newlines_are_not_classes()
        {
            _dir.Write("classes.txt", "a\r\nb\r\n\r\n");
            ModelDescription d = ModelDescription.Parse("{ \"model\": \"m.onnx\", \"labels\": \"classes.txt\" }", _dir.Path);
            Assert.Equal(new[] { "a", "b" }, d.Labels);
        }

        [Fact]
        public void Validate_rejects_a_model_that_does_not_fit()
        {
            _dir.Write("classes.txt", "a\nb\nc\n");
            ModelDescription rgb = ModelDescription.Parse(
                "{ \"model\": \"m.onnx\", \"input\": { \"mean\": [1, 2, 3] }, \"labels\": \"classes.txt\" }", _dir.Path, "rgb.convad.json");
            ModelDescription gray = ModelDescription.Parse("{ \"model\": \"m.onnx\", \"input\": { \"colorOrder\": \"Gray\" } }", _dir.Path);

            Assert.Contains("colorOrder is Gray but the model's input has 3 channels", Assert.Throws<ModelDescriptionException>(() => gray.Validate(3, 10)).Message);
            Assert.Contains("colorOrder is RGB but the model's input has 1 channel", Assert.Throws<ModelDescriptionException>(() => rgb.Validate(1, 3)).Message);
            Assert.Contains("3 labels but the model outputs 10 classes", Assert.Throws<ModelDescriptionException>(() => rgb.Validate(3, 10)).Message);
            Assert.Contains("only 1 (Gray) or 3 (RGB/BGR)", Assert.Throws<ModelDescriptionException>(() => rgb.Validate(4, 3)).Message);
            rgb.Validate(3, 3);
            rgb.Validate(3, -1); // a dynamic class count skips the labels check
            gray.Validate(1, 10);
        }

        [Fact]
        public void Validate_rejects_a_short_side_smaller_than_the_crop()
        {
            ModelDescription d = ModelDescription.Parse(
                "{ \"model\": \"m.onnx\", \"input\": { \"resize\": { \"mode\": \"shortSideCenterCrop\", \"shortSide\": 200 } } }", _dir.Path);
            Assert.Contains("shortSide 200 is smaller", Assert.Throws<ModelDescriptionException>(() => d.Validate(3, 10, 224, 224)).Message);
        }

        [Fact]
        public void LoadFor_falls_back_to_the_default_without_a_sidecar()
        {
            ModelDescription d = ModelDescription.LoadFor(_dir.File("m.onnx"));
            Assert.True(d.IsDefault);
            Assert.Same(Preprocessing.Default, d.Preprocessing);
            Assert.Equal(OutputKind.Logits, d.Output);
            Assert.Null(d.Labels);
            Assert.Equal(1f, d.Preprocessing.Map(2, 255));
        }

        [Fact]
        public void LoadFor_rejects_a_sidecar_that_describes_another_model()
        {
            _dir.Write("other.onnx", "x");
            _dir.Write("m.convad.json", "{ \"model\": \"other.onnx\" }");
            Assert.Contains("describes model 'other.onnx', not 'm.onnx'", Assert.Throws<ModelDescriptionException>(() => ModelDescription.LoadFor(_dir.File("m.onnx"))).Message);
        }

        [Fact]
        public void Preprocessing_constructor_rejects_what_the_sidecar_would()
        {
            Assert.Throws<ArgumentException>(() => new Preprocessing(ColorOrder.Rgb, 0, 1, std: new[] { 0.0 }));
            Assert.Throws<ArgumentException>(() => new Preprocessing(ColorOrder.Rgb, 0, 1, resize: ResizeKind.ShortSideCenterCrop));
        }

        private ModelDescriptionException LoadBad(string json)
        {
            string path = _dir.Write("m.convad.json", json);
            return Assert.Throws<ModelDescriptionException>(() => ModelDescription.Load(path));
        }
    }
}
