using System;
using System.IO;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Verification;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// An If whose condition follows from the model's shapes (torch's nn.LocalResponseNorm export) is replaced by the branch it
    /// takes before planning; one whose condition reads pixel values or the batch size is refused naming the If. That the
    /// inlined models compute what torch computed and keep the invariants is <see cref="ExportPatternTests"/>'s.
    /// </summary>
    public sealed class ConstantConditionTests
    {
        [Fact]
        public void Torch_local_response_norm_is_planned_with_its_squeeze_branch_inlined()
        {
            OnnxModel model = OnnxReader.Read(FixtureModels.Pattern("lrn.onnx"));
            OnnxNode If = model.Graph.Nodes.Single(n => n.OpType == "If");
            ConvAdPlan plan = ConvAdPlanBuilder.Build(model);

            Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
            Assert.DoesNotContain(plan.Order, n => n.OpType == "If");
            // The pooled tensor's channel axis has one element, so the If takes then_branch: Squeeze, writing the If's output.
            OnnxNode squeeze = Assert.Single(plan.Order, n => n.OpType == "Squeeze");
            Assert.Equal(If.Outputs, squeeze.Outputs);
            Assert.True(squeeze.Renamed);
            Assert.DoesNotContain(plan.Order, n => n.OpType == "Identity");
            Assert.Equal(plan.Order.Count, plan.Order.Select(n => n.Index).Distinct().Count());
            Assert.Equal(plan.Order.Count, plan.Order.Select(n => n.Name).Distinct().Count());
        }

        [Fact]
        public void Two_local_response_norms_in_a_row_are_both_inlined()
        {
            // The second If's condition reads shapes that follow the first If's output: it is known only once that one is inlined.
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(FixtureModels.Pattern("lrn_twice.onnx")));

            Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
            Assert.DoesNotContain(plan.Order, n => n.OpType == "If");
            Assert.Equal(2, plan.Order.Count(n => n.OpType == "Squeeze"));
        }

        [Theory]
        [InlineData("lrn.onnx")]
        [InlineData("lrn_twice.onnx")]
        public void The_inlined_graph_computes_what_ONNX_Runtime_computes_on_the_original_with_its_Ifs(string file)
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Pattern(file));
            using var original = new InferenceSession(File.ReadAllBytes(FixtureModels.Pattern(file)));
            using var runOptions = new RunOptions(); // not a temporary: one could be finalized while the native run reads it
            foreach (int batch in new[] { 1, 2 })
            {
                float[] images = FixtureModels.ReadFloats(FixtureModels.Pattern($"input_{batch}x3x32x32.bin"));
                using var x = OrtValue.CreateTensorValueFromMemory(images, new long[] { batch, 3, 32, 32 });
                using var results = original.Run(runOptions, new[] { model.Input.Name }, new[] { x }, new[] { model.OutputName });
                float[] expected = results[0].GetTensorDataAsSpan<float>().ToArray();

                float[] plain = model.RunPlain(images, batch);
                Assert.True(InvariantChecker.MaxAbsDiff(plain, expected) < 1e-5, $"plain vs the original at batch {batch}: {InvariantChecker.MaxAbsDiff(plain, expected)}");
                float[] identity = model.Run(images, Enumerable.Repeat(1f, batch * model.MaskSize).ToArray(), batch);
                Assert.True(InvariantChecker.MaxAbsDiff(identity, expected) < 1e-5, $"ConvAD, nothing occluded, vs the original at batch {batch}");
            }

            // The exported ConvAD graph (the inlined nodes written from their fields) runs on its own and never reads an occluded pixel.
            RewrittenGraph.AssertIgnoresOccludedPixels(model, FixtureModels.Inputs(model, null, seed: 3).AsSpan(0, model.ImageSize).ToArray());
        }

        [Fact]
        public void An_If_on_pixel_values_is_refused_by_name()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(FixtureModels.Pattern("if_data_dependent.onnx")));

            Assert.False(plan.IsSupported);
            Assert.Equal("If", plan.Unsupported!.Op);
            Assert.Equal("/If", plan.Unsupported.Node);
            Assert.Contains("is not a constant once shapes are known", plan.Unsupported.Reason);
        }

        [Fact]
        public void An_If_on_the_batch_size_is_refused_by_name()
        {
            // Shape(x)[0] == 1 is true for the exported batch of one, but the engines run any batch.
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(FixtureModels.Pattern("if_batch_dependent.onnx")));

            Assert.False(plan.IsSupported);
            Assert.Equal("If", plan.Unsupported!.Op);
            Assert.Equal("/If", plan.Unsupported.Node);
            Assert.Contains("depends on the batch size", plan.Unsupported.Reason);
        }

        [Fact]
        public void The_engine_runs_a_non_constant_If_plain_and_refuses_it_under_ConvAD_naming_it()
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Pattern("if_data_dependent.onnx"));
            var image = new float[model.ImageSize];
            Assert.Equal(10, model.RunPlain(image, 1).Length); // ONNX Runtime runs the If as written
            UnsupportedModelException e = Assert.Throws<UnsupportedModelException>(() => model.Run(image, new float[model.MaskSize], 1));
            Assert.Equal("/If", e.Reason.Node);
        }
    }
}
