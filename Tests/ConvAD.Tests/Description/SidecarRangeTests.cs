using System;
using ConvAD.Description;
using Xunit;

namespace ConvAD.Tests.Description
{
    /// <summary>
    /// A sidecar's numbers lie in sane ranges (PreprocessingLimits): a std that would make pixels infinite, a mean far
    /// beyond any pixel, or a resize target that would allocate gigabytes is refused, naming the field.
    /// </summary>
    public sealed class SidecarRangeTests : IDisposable
    {
        private readonly ScratchDirectory _dir = new ScratchDirectory();

        public SidecarRangeTests()
        {
            _dir.Write("m.onnx", "not really a model; only its existence is checked");
        }

        public void Dispose() => _dir.Dispose();

        [Theory]
        [InlineData("\"std\": 5e-324", "std[0] is 5E-324, below the smallest allowed std 1E-06")]
        [InlineData("\"std\": [0.2, 1e-7, 0.2]", "std[1] is 1E-07, below the smallest allowed std 1E-06")]
        [InlineData("\"mean\": 1e308", "mean[0] is 1E+308, out of range: it must lie within ±1000000")]
        [InlineData("\"mean\": [0, -2e6, 0]", "mean[1] is -2000000, out of range")]
        [InlineData("\"std\": 1e300", "std[0] is 1E+300, out of range")]
        [InlineData("\"pixelRange\": [0, 1e7]", "pixelRange [0, 10000000] is out of range")]
        [InlineData("\"resize\": { \"mode\": \"shortSideCenterCrop\", \"shortSide\": 30000 }", "resize.shortSide 30000 is over the limit of 8192")]
        public void Out_of_range_numbers_are_refused(string inputFields, string expected)
        {
            string path = _dir.Write("m.convad.json", $"{{ \"model\": \"m.onnx\", \"input\": {{ {inputFields} }} }}");
            ModelDescriptionException ex = Assert.Throws<ModelDescriptionException>(() => ModelDescription.Load(path));
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
            Assert.Contains("m.convad.json", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void The_limits_themselves_are_accepted()
        {
            string path = _dir.Write("m.convad.json",
                "{ \"model\": \"m.onnx\", \"input\": { \"pixelRange\": [-1e6, 1e6], \"mean\": 1e6, \"std\": 1e-6, " +
                "\"resize\": { \"mode\": \"shortSideCenterCrop\", \"shortSide\": 8192 } } }");
            Preprocessing p = ModelDescription.Load(path).Preprocessing;
            Assert.Equal(1e-6, p.Std[0]);
            Assert.Equal(8192, p.ShortSide);
            // The most extreme pixel, (−1e6 − 1e6) / 1e-6 = −2e12, is still a finite float32.
            Assert.True(float.IsFinite(p.Map(0, 0)) && float.IsFinite(p.Map(0, 255)));
        }
    }
}
