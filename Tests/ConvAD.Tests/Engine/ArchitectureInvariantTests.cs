using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// The invariants on every torchvision family (reduced width, exported by scripts/export_torchvision.py)
    /// and on the special layouts: NHWC input, QLinearConv, a dynamic batch with Shape/Gather flatten.
    /// </summary>
    public sealed class ArchitectureInvariantTests
    {
        private readonly ITestOutputHelper _output;

        public ArchitectureInvariantTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public static TheoryData<string, string> Architectures()
        {
            var data = new TheoryData<string, string>();
            string[] models =
            {
                "resnet18.onnx", "resnet50.onnx", "mobilenet_v2.onnx", "mobilenet_v3_small.onnx", "efficientnet_b0.onnx",
                "densenet121.onnx", "vgg11.onnx", "googlenet.onnx", "regnet_x_400mf.onnx", "squeezenet1_1.onnx", "convnext_tiny.onnx",
            };
            string[] thresholds = { "any", "0.5", "all" };
            for (int i = 0; i < models.Length; i++)
            {
                data.Add(models[i], thresholds[i % 3]);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Architectures))]
        public void Torchvision_family_keeps_the_invariants(string file, string threshold)
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Torchvision(file), Options(threshold));
            Assert.True(model.Plan.IsSupported, model.Plan.Unsupported?.ToString());
            (float[] input, float[] logits) = FixtureModels.TorchReference(file);

            // The plain model (batch made symbolic) still computes what torch computed.
            float[] plain = model.RunPlain(input, 1);
            Assert.True(InvariantChecker.MaxAbsDiff(plain, logits) < 1e-3, $"plain vs torch: {InvariantChecker.MaxAbsDiff(plain, logits)}");
            AssertInvariants(model, FixtureModels.Inputs(model, input, seed: 3));
        }

        [Theory]
        [InlineData("nhwc_cnn.onnx", "NHWC")]
        [InlineData("qlinear_cnn.onnx", "NCHW")]
        [InlineData("dynamic_batch_cnn.onnx", "NCHW")]
        [InlineData("convnext_opset17.onnx", "NCHW")]
        public void Special_layouts_keep_the_invariants(string file, string layout)
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Special(file), Options("0.5"));
            Assert.Equal(layout, model.Input.Layout.ToString());
            Assert.True(model.CanBatch);
            AssertInvariants(model, FixtureModels.Inputs(model, null, seed: 4));
        }

        [Theory]
        [InlineData("resize_cnn.onnx", "/up/Resize", "Resize")]
        [InlineData("instancenorm_cnn.onnx", "/in1/InstanceNormalization", "InstanceNormalization")]
        public void Unsupported_models_name_the_node_and_op(string file, string node, string op)
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Special(file));
            Assert.False(model.Plan.IsSupported);
            Assert.Equal(node, model.Plan.Unsupported!.Node);
            Assert.Equal(op, model.Plan.Unsupported.Op);
            Assert.Empty(model.Plan.Nodes); // never a partly masked graph
            var e = Assert.Throws<UnsupportedModelException>(() => model.Run(new float[model.ImageSize], new float[model.MaskSize], 1));
            Assert.Contains(node, e.Message);

            // The plain model still runs.
            Assert.Equal(model.ClassCount, model.RunPlain(new float[model.ImageSize], 1).Length);
        }

        private void AssertInvariants(ConvAdModel model, float[] images) => InvariantAssert.Holds(model, images, masks: 12, seed: 9, _output);

        private static EngineOptions Options(string threshold) =>
            new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) } };
    }
}
