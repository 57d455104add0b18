using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// A model with only its height symbolic (dynamic_h.onnx: [N,3,H,32], scripts/make_export_patterns.py): the stated size
    /// fills the symbolic side and must agree with the fixed one.
    /// </summary>
    public sealed class SymbolicHeightTests
    {
        private const string Model = "dynamic_h.onnx";
        private readonly ITestOutputHelper _output;

        public SymbolicHeightTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData(24, "0.5")]
        [InlineData(32, "any")]
        public void Runs_at_the_stated_height_like_torch_and_keeps_the_invariants(int height, string threshold)
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Pattern(Model), new EngineOptions
            {
                Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold), InputSize = new InputSize(height, 32) },
            });
            Assert.True(model.Plan.IsSupported, model.Plan.Unsupported?.ToString());
            Assert.Equal((height, 32), (model.Input.Height, model.Input.Width));
            foreach (int batch in new[] { 1, 2 })
            {
                (float[] input, float[] logits) = FixtureModels.PatternReference(Model, $"input_{batch}x3x{height}x32.bin");
                Assert.True(InvariantChecker.MaxAbsDiff(model.RunPlain(input, batch), logits) < 1e-4, $"plain vs torch at batch {batch}");
                float[] identity = model.Run(input, Enumerable.Repeat(1f, batch * model.MaskSize).ToArray(), batch);
                Assert.True(InvariantChecker.MaxAbsDiff(identity, logits) < 1e-4, $"ConvAD with nothing occluded vs torch at batch {batch}");
            }

            InvariantAssert.Holds(model, FixtureModels.Inputs(model, null, seed: 5), masks: 12, seed: 9, _output);
        }

        [Fact]
        public void The_plan_names_only_the_height_and_refuses_a_width_that_contradicts_the_model()
        {
            OnnxModel graph = OnnxReader.Read(FixtureModels.Pattern(Model));
            ConvAdPlan plan = ConvAdPlanBuilder.Build(graph, new PlanOptions { InputSize = new InputSize(24, 32) });
            SymbolicInputSize symbolic = Assert.IsType<SymbolicInputSize>(plan.SymbolicSize);
            Assert.Equal(new[] { 2 }, symbolic.Axes);
            Assert.Equal(new[] { "H" }, symbolic.Names);
            Assert.Equal(new long[] { -1, 3, 24, 32 }, plan.Input!.Shape);

            ConvAdPlan contradicted = ConvAdPlanBuilder.Build(graph, new PlanOptions { InputSize = new InputSize(24, 40) });
            Assert.False(contradicted.IsSupported);
            Assert.Contains("differs", contradicted.Unsupported!.Reason);

            ConvAdPlan unstated = ConvAdPlanBuilder.Build(graph);
            Assert.True(unstated.NeedsInputSize);
            Assert.False(unstated.IsSupported);
        }
    }
}
