using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;
using Xunit;

namespace ConvAD.Tests.Core
{
    /// <summary>The rules of the plan, on the real models where each rule shows up.</summary>
    public sealed class PlanRulesTests
    {
        [Theory]
        [InlineData("any", true, false)]
        [InlineData("all", false, true)]
        [InlineData("0.5", false, false)]
        [InlineData("1", false, true)]
        public void Thresholds_parse(string text, bool any, bool all)
        {
            PropagationThreshold t = PropagationThreshold.Parse(text);
            Assert.Equal(any, t.IsAny);
            Assert.Equal(all, t.IsAll);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("1.5")]
        [InlineData("-0.1")]
        [InlineData("most")]
        public void Invalid_thresholds_are_rejected(string text) => Assert.False(PropagationThreshold.TryParse(text, out _));

        [Fact]
        public void Ceil_mode_pooling_has_the_onnx_output_size()
        {
            // 112 → k3 s2 ceil: 56 (as torchvision's SqueezeNet/GoogLeNet pools).
            var g = new PoolGeometry(new[] { 3, 3 }, new[] { 2, 2 }, new[] { 0, 0 }, new[] { 0, 0 }, new[] { 1, 1 }, ceilMode: true);
            Assert.Equal(56, g.OutputSize(0, 112));
            var floor = new PoolGeometry(new[] { 3, 3 }, new[] { 2, 2 }, new[] { 0, 0 }, new[] { 0, 0 }, new[] { 1, 1 }, ceilMode: false);
            Assert.Equal(55, floor.OutputSize(0, 112));
        }

        [Fact]
        public void Channel_shuffle_keeps_the_mask_through_reshape_and_transpose()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(RepoPaths.File("models", "shufflenet-v2", "shufflenet-v2-12-qdq.onnx")));
            Assert.True(plan.IsSupported);
            var shuffles = plan.Nodes.Where(n => n.OpType == "Transpose").ToList();
            Assert.Equal(16, shuffles.Count);
            Assert.All(shuffles, s =>
            {
                Assert.Equal(NodeRole.Layout, s.Role);
                Assert.Equal(5, s.OutputLayout!.Rank);
                Assert.Equal(3, s.OutputLayout.HeightAxis);
                Assert.NotNull(s.OutputMask);
            });
            Assert.True(plan.Batch.CanBatch);
            Assert.NotEmpty(plan.Batch.ReshapeFixes); // [1,2,58,28,28] → [0,2,58,28,28]
        }

        [Fact]
        public void Flatten_into_a_dense_layer_is_a_checkpoint()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(RepoPaths.File("models", "mnist", "mnist-8.onnx")));
            PlanNode fold = Assert.Single(plan.Nodes, n => n.Role == NodeRole.FoldsSpace);
            Assert.Equal("Reshape", fold.OpType);
            Assert.True(fold.IsCheckpoint);
            Assert.Null(fold.OutputMask);
        }

        [Fact]
        public void Pointwise_convolutions_are_not_checkpoints()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.onnx")));
            Assert.All(plan.Nodes, n =>
            {
                if (n.OpType == "Conv")
                {
                    Assert.Equal(n.Geometry == null, !n.IsCheckpoint);
                }
            });
            Assert.Contains(plan.Nodes, n => n.OpType == "Conv" && n.Role == NodeRole.Pointwise);
            Assert.Contains(plan.Nodes, n => n.OpType == "MaxPool" && n.Checkpoints[0].Neutral == Neutral.Lowest);
            Assert.Contains(plan.Nodes, n => n.OpType == "GlobalAveragePool" && n.Correction == OutputCorrection.MaskedGlobalMean);
        }

        [Fact]
        public void Residual_branches_meet_on_combined_masks()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(RepoPaths.File("models", "cifar10", "resnet20.onnx")));
            Assert.Contains(plan.Nodes, n => n.OpType == "Add" && n.Role == NodeRole.BranchMerge);
            Assert.Contains(plan.Masks, m => m.Origin == MaskOrigin.Combined && m.Sources.Count == 2);
        }
    }
}
