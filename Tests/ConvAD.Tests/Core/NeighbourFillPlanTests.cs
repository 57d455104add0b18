using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Tests.Core
{
    /// <summary>Where the plan puts neighbour fill (layer masking, the stem-fill variant) and the unrenormalised global mean.</summary>
    public sealed class NeighbourFillPlanTests
    {
        private static OnnxModel ResNet20 => OnnxReader.Read(RepoPaths.File("models", "cifar10", "resnet20.onnx"));

        [Fact]
        public void Layer_masking_fills_before_every_spatial_convolution_and_nowhere_else()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(ResNet20, PlanOptions.LayerMasking);
            Assert.True(plan.Options.Threshold.IsAny);
            foreach (PlanNode node in plan.Nodes)
            {
                foreach (PlanCheckpoint c in node.Checkpoints)
                {
                    bool spatialConv = node.OpType == "Conv" && node.Role == NodeRole.SpatialMixing;
                    // (k − 1)·d steps: 2 for ResNet-20's 3×3 convolutions, 0 for its 1×1 stride-2 shortcuts (a window of one position).
                    int expected = spatialConv ? (node.Geometry!.Kernel[0] - 1) * node.Geometry.Dilations[0] : 0;
                    Assert.True(expected == c.FillSteps, $"{node.Name} ({node.OpType}): {c.FillSteps} steps, expected {expected}");
                }
            }

            Assert.Contains(plan.Checkpoints, c => c.FillSteps == 2);
        }

        [Fact]
        public void AD_fills_nothing_by_default()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(ResNet20);
            Assert.All(plan.Checkpoints, c => Assert.Equal(0, c.FillSteps));
            Assert.Contains(plan.Nodes, n => n.Correction == OutputCorrection.MaskedGlobalMean);
        }

        [Fact]
        public void The_plain_global_mean_drops_only_the_renormalisation()
        {
            ConvAdPlan renormalised = ConvAdPlanBuilder.Build(ResNet20);
            ConvAdPlan plain = ConvAdPlanBuilder.Build(ResNet20, PlanOptions.Default with { RenormaliseGlobalMean = false });
            Assert.DoesNotContain(plain.Nodes, n => n.Correction == OutputCorrection.MaskedGlobalMean);
            Assert.Equal(renormalised.CheckpointCount, plain.CheckpointCount);
            Assert.Contains("global mean not renormalised", plain.Options.ToString());
        }

        [Fact]
        public void The_GPU_layer_sequence_refuses_a_plan_with_neighbour_fill()
        {
            OnnxModel model = ResNet20;
            var e = Assert.Throws<NotSupportedException>(() => LayerSequence.Build(model, ConvAdPlanBuilder.Build(model, PlanOptions.LayerMasking)));
            Assert.Contains("ONNX Runtime engine only", e.Message);
            Assert.NotEmpty(LayerSequence.Build(model, ConvAdPlanBuilder.Build(model, PlanOptions.Default with { RenormaliseGlobalMean = false })).Layers);
        }
    }
}
