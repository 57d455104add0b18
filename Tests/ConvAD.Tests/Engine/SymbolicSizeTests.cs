using System;
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
    /// A model exported with a symbolic height and width (dynamic_hw.onnx, scripts/make_export_patterns.py) runs at the size the
    /// caller states: it computes what torch computed at that size, keeps the invariants for τ = any, 0.5 and all, and without a
    /// size the plan says how to state one.
    /// </summary>
    public sealed class SymbolicSizeTests
    {
        private const string Model = "dynamic_hw.onnx";
        private readonly ITestOutputHelper _output;

        public SymbolicSizeTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<int, int, string> SizesAndThresholds()
        {
            var data = new TheoryData<int, int, string>();
            foreach ((int h, int w) in new[] { (24, 40), (32, 32) })
            {
                foreach (string threshold in new[] { "any", "0.5", "all" })
                {
                    data.Add(h, w, threshold);
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(SizesAndThresholds))]
        public void Runs_at_the_stated_size_like_torch_and_keeps_the_invariants(int height, int width, string threshold)
        {
            using ConvAdModel model = Load(new InputSize(height, width), threshold);
            Assert.True(model.Plan.IsSupported, model.Plan.Unsupported?.ToString());
            Assert.True(model.CanBatch);
            Assert.Equal((height, width), (model.Input.Height, model.Input.Width));
            Assert.All(model.Plan.Masks.Where(m => m.Origin == MaskOrigin.Input), m => Assert.Equal((height, width), (m.Height, m.Width)));
            foreach (int batch in new[] { 1, 2 })
            {
                (float[] input, float[] logits) = FixtureModels.PatternReference(Model, $"input_{batch}x3x{height}x{width}.bin");
                float[] plain = model.RunPlain(input, batch);
                Assert.True(InvariantChecker.MaxAbsDiff(plain, logits) < 1e-4, $"plain vs torch at batch {batch}: {InvariantChecker.MaxAbsDiff(plain, logits)}");
                float[] identity = model.Run(input, Enumerable.Repeat(1f, batch * model.MaskSize).ToArray(), batch);
                Assert.True(InvariantChecker.MaxAbsDiff(identity, logits) < 1e-4, $"ConvAD with nothing occluded vs torch at batch {batch}");
            }

            InvariantAssert.Holds(model, FixtureModels.Inputs(model, null, seed: 5), masks: 12, seed: 9, _output);
        }

        [Theory]
        [InlineData("any")]
        [InlineData("0.5")]
        [InlineData("all")]
        public void Empty_mask_gives_the_classifier_bias(string threshold)
        {
            // Convolutions → GlobalAveragePool → Flatten → Gemm: with nothing present the masked mean is 0, so the logits are the bias.
            using ConvAdModel model = Load(new InputSize(24, 40), threshold);
            float[] bias = OnnxReader.Read(FixtureModels.Pattern(Model)).Graph.Initializers["fc.bias"].FloatValues!;
            float[] images = FixtureModels.Inputs(model, null, seed: 3);
            Assert.Equal(bias.Concat(bias), model.Run(images, new float[2 * model.MaskSize], 2));
        }

        [Fact]
        public void The_plan_names_the_symbolic_axes_and_the_size_used()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(FixtureModels.Pattern(Model)), new PlanOptions { InputSize = new InputSize(24, 40) });
            SymbolicInputSize symbolic = Assert.IsType<SymbolicInputSize>(plan.SymbolicSize);
            Assert.Equal(new[] { 2, 3 }, symbolic.Axes);
            Assert.Equal(new[] { "H", "W" }, symbolic.Names);
            Assert.Equal(new InputSize(24, 40), symbolic.Size);
            Assert.Same(symbolic, plan.Input!.SymbolicSize);
            Assert.False(plan.NeedsInputSize);
            Assert.Equal(new long[] { -1, 3, 24, 40 }, plan.Input.Shape);

            // The plan's shapes follow the size: 24×40 → max-pool stride 2 → 12×20 → conv stride 2 → 6×10.
            Assert.Equal(new long[] { 1, 16, 6, 10 }, plan.Nodes.Single(n => n.OpType == "Clip").OutputShape);
        }

        [Fact]
        public void Without_a_stated_size_the_plan_says_how_to_state_one()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(FixtureModels.Pattern(Model)));
            Assert.False(plan.IsSupported);
            Assert.True(plan.NeedsInputSize);
            Assert.Null(plan.Input);
            Assert.Contains("symbolic height and width", plan.Unsupported!.Reason);
            Assert.Contains("\"size\": [H, W]", plan.Unsupported.Reason);
            Assert.Contains("--input-size HxW", plan.Unsupported.Reason);

            var e = Assert.Throws<UnsupportedModelException>(() => ConvAdModel.Load(FixtureModels.Pattern(Model)));
            Assert.Contains("--input-size", e.Message);
        }

        [Fact]
        public void A_size_that_contradicts_a_fixed_input_is_refused_and_an_agreeing_one_is_accepted()
        {
            OnnxModel fixedSize = OnnxReader.Read(FixtureModels.Pattern("pad_reflect.onnx")); // [N,3,32,32]
            ConvAdPlan contradicted = ConvAdPlanBuilder.Build(fixedSize, new PlanOptions { InputSize = new InputSize(24, 40) });
            Assert.False(contradicted.IsSupported);
            Assert.Contains("24x40 differs", contradicted.Unsupported!.Reason);
            Assert.False(contradicted.NeedsInputSize);

            ConvAdPlan agreed = ConvAdPlanBuilder.Build(fixedSize, new PlanOptions { InputSize = new InputSize(32, 32) });
            Assert.True(agreed.IsSupported, agreed.Unsupported?.ToString());
            Assert.Null(agreed.SymbolicSize);
        }

        [Fact]
        public void The_engine_gives_onnx_runtime_the_stated_size()
        {
            using ConvAdModel model = Load(new InputSize(24, 40), "0.5");
            foreach (byte[] rewritten in new[] { model.ExportConvAdModel(), model.ExportPlainModel() })
            {
                OnnxValueInfo input = OnnxReader.Read(rewritten).Graph.Inputs.Single(i => i.Name == "input");
                Assert.Equal(new long?[] { null, 3, 24, 40 }, input.Shape!.Select(d => d.Value));
            }

            // An image of another size is refused, not run against a mask that does not fit.
            Assert.Throws<ArgumentException>(() => model.RunPlain(new float[3 * 32 * 32], 1));
        }

        private static ConvAdModel Load(InputSize size, string threshold) => ConvAdModel.Load(FixtureModels.Pattern(Model), new EngineOptions
        {
            Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold), InputSize = size },
        });
    }
}
