using ConvAD.Onnx;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Tests.Core
{
    /// <summary>
    /// The explicit Pads ConvAD cannot carry a mask through are refused by name, with the reason
    /// (scripts/make_pad_refusal_fixtures.py writes one model per refusal).
    /// </summary>
    public sealed class PadRefusalTests
    {
        [Theory]
        [InlineData("pads_from_data.onnx", "the padding is not static")]
        [InlineData("pads_batch.onnx", "pads the batch axis")]
        [InlineData("pads_crop.onnx", "a negative padding (a crop) of a spatial axis is not supported")]
        [InlineData("pads_wrap.onnx", "spatial padding in mode 'wrap' is not supported (constant, reflect and edge are)")]
        public void An_explicit_pad_convad_cannot_follow_is_refused_by_name(string file, string reason)
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(RepoPaths.File("Tests", "Fixtures", "models", "pad_refusals", file)));

            Assert.False(plan.IsSupported);
            Assert.Equal(("pad", "Pad", reason), (plan.Unsupported!.Node, plan.Unsupported.Op, plan.Unsupported.Reason));
        }
    }
}
