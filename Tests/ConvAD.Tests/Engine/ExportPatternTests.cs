using System.Linq;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// Models exported the way people export them (scripts/make_export_patterns.py): each is supported, still computes what
    /// torch computed at batch 1 and 2, and keeps the invariants for τ = any, 0.5 and all.
    /// </summary>
    public sealed class ExportPatternTests
    {
        private readonly ITestOutputHelper _output;

        public ExportPatternTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<string, string> Patterns()
        {
            var data = new TheoryData<string, string>();
            string[] models =
            {
                "shuffle_dynamic_batch.onnx", "pad_avgpool.onnx", "pad_zero_conv.onnx", "pad_reflect.onnx", "pad_replicate.onnx",
                "pad_constant_value.onnx", "pad_opset10.onnx", "lrn_channel_pool.onnx", "lrn.onnx", "lrn_twice.onnx",
            };
            foreach (string model in models)
            {
                foreach (string threshold in new[] { "any", "0.5", "all" })
                {
                    data.Add(model, threshold);
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Patterns))]
        public void Export_pattern_is_supported_and_keeps_the_invariants(string file, string threshold)
        {
            var options = new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) } };
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Pattern(file), options);
            Assert.True(model.Plan.IsSupported, model.Plan.Unsupported?.ToString());
            Assert.True(model.CanBatch);
            foreach (int batch in new[] { 1, 2 })
            {
                (float[] input, float[] logits) = FixtureModels.PatternReference(file, $"input_{batch}x3x32x32.bin");
                float[] plain = model.RunPlain(input, batch);
                Assert.True(InvariantChecker.MaxAbsDiff(plain, logits) < 1e-4, $"plain vs torch at batch {batch}: {InvariantChecker.MaxAbsDiff(plain, logits)}");
                float[] identity = model.Run(input, Ones(batch * model.MaskSize), batch);
                Assert.True(InvariantChecker.MaxAbsDiff(identity, logits) < 1e-4, $"ConvAD with nothing occluded vs torch at batch {batch}");
            }

            InvariantAssert.Holds(model, FixtureModels.Inputs(model, null, seed: 5), masks: 12, seed: 9, _output);
        }

        [Fact]
        public void A_pool_over_channels_only_is_pointwise()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(ConvAD.Onnx.OnnxReader.Read(FixtureModels.Pattern("lrn_channel_pool.onnx")));
            Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
            PlanNode pool = plan.Nodes.Single(n => n.OpType == "AveragePool");
            Assert.Equal(NodeRole.Pointwise, pool.Role);
            Assert.Equal(5, pool.OutputLayout!.Rank);
            Assert.All(plan.Nodes.Where(n => n.OpType == "Pad"), p => Assert.Equal(NodeRole.Pointwise, p.Role));
        }

        private static float[] Ones(int n)
        {
            var ones = new float[n];
            System.Array.Fill(ones, 1f);
            return ones;
        }
    }
}
