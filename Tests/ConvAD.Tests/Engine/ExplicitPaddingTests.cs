using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// Explicit spatial Pad (docs/architecture.md, "Explicit padding"): the mask is padded like its tensor — reflected or
    /// replicated positions copy the mask of the position they copy, constant positions take the mask of the edge
    /// position they border — so Pad → AveragePool is the original on the all-ones mask, and an empty mask stays empty.
    /// </summary>
    public sealed class ExplicitPaddingTests
    {
        [Theory]
        [InlineData("pad_zero_conv.onnx", 1, 1, 1, 1, MaskPadMode.Edge)]
        [InlineData("pad_reflect.onnx", 1, 1, 1, 1, MaskPadMode.Reflect)]
        [InlineData("pad_replicate.onnx", 0, 1, 1, 2, MaskPadMode.Edge)] // ReplicationPad2d((1, 2, 0, 1)): left, right, top, bottom
        [InlineData("pad_constant_value.onnx", 1, 2, 2, 1, MaskPadMode.Edge)] // ConstantPad2d((2, 1, 1, 2), 0.5)
        [InlineData("pad_avgpool.onnx", 1, 1, 1, 1, MaskPadMode.Edge)]
        public void Spatial_pad_pads_the_mask_like_its_tensor(string file, int top, int left, int bottom, int right, MaskPadMode mode)
        {
            OnnxModel model = OnnxReader.Read(FixtureModels.Pattern(file));
            ConvAdPlan plan = ConvAdPlanBuilder.Build(model);
            Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
            PlanNode pad = plan.Nodes.Single(n => n.OpType == "Pad");
            Assert.Equal(NodeRole.Layout, pad.Role);
            Assert.False(pad.IsCheckpoint);
            PlanMask source = plan.Masks[pad.InputMask!.Value], padded = plan.Masks[pad.OutputMask!.Value];
            Assert.Equal(MaskOrigin.Padded, padded.Origin);
            Assert.Equal(source.Id, padded.Sources.Single());
            Assert.Equal((top, left, bottom, right, mode), (padded.Padding!.Top, padded.Padding.Left, padded.Padding.Bottom, padded.Padding.Right, padded.Padding.Mode));
            Assert.Equal((source.Height + top + bottom, source.Width + left + right), (padded.Height, padded.Width));

            // The reader of the padded tensor mixes space: its checkpoint is on the padded grid.
            string tensor = model.Graph.Nodes.Single(n => n.Name == pad.Name).Outputs[0];
            PlanCheckpoint checkpoint = plan.Nodes.SelectMany(n => n.Checkpoints).Single(c => c.Tensor == tensor);
            Assert.Equal(padded.Id, checkpoint.MaskId);
            Assert.Contains("PadMask", LayerSequence.Build(model, plan).Masks.Select(c => c.Method));
        }

        [Fact]
        public void Pad_then_average_pool_is_the_original_to_the_bit_on_the_all_ones_mask()
        {
            // torch writes F.avg_pool2d(x, 3, 1, 1) as Pad(0) → AveragePool: the padded zeros count, as in count_include_pad.
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Pattern("pad_avgpool.onnx"));
            Assert.Contains(model.Plan.Nodes, n => n.OpType == "AveragePool" && n.Correction == OutputCorrection.MaskedWindowAverage);
            (float[] input, _) = FixtureModels.PatternReference("pad_avgpool.onnx", "input_2x3x32x32.bin");
            float[] ones = Enumerable.Repeat(1f, 2 * model.MaskSize).ToArray();
            Assert.Equal(model.RunPlain(input, 2), model.Run(input, ones, 2));
        }

        [Theory]
        [InlineData("pad_zero_conv.onnx")]
        [InlineData("pad_constant_value.onnx")]
        [InlineData("pad_avgpool.onnx")]
        [InlineData("pad_opset10.onnx")]
        public void A_constant_border_does_not_keep_an_empty_mask_alive(string file)
        {
            // Under τ = any the mask that reaches the head is empty iff no pixel is present: the constant border of an
            // occluded edge is absent, so the logits are exactly the classifier's bias, whatever the image.
            string path = FixtureModels.Pattern(file);
            using ConvAdModel model = ConvAdModel.Load(path, new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Any } });
            float[] bias = OnnxReader.Read(path).Graph.Initializers["fc.bias"].FloatValues!;
            var rng = new Random(3);
            float[] images = Enumerable.Range(0, 2 * model.ImageSize).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            Assert.Equal(bias.Concat(bias), model.Run(images, new float[2 * model.MaskSize], 2));
        }
    }
}
