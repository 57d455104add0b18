using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// Inverted-residual blocks (1×1 expand convolution → ReLU6 or SiLU → depthwise convolution) are
    /// deactivated at the expand convolution's input, with the mask as extra input channels, instead of by
    /// a multiply on the expanded tensor (GraphRewriter.EarlyDeactivation.cs). The rewrite must be taken on
    /// these families and keep every invariant under every τ.
    /// </summary>
    public sealed class EarlyDeactivationTests
    {
        private readonly ITestOutputHelper _output;

        public EarlyDeactivationTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData("mobilenet_v2.onnx", true)] // ReLU6: the clamp form, no multiply before any depthwise convolution
        [InlineData("efficientnet_b0.onnx", false)] // SiLU: the zero form (x·m on the small input)
        [InlineData("mobilenet_v3_small.onnx", false)]
        public void Expand_convolutions_read_the_mask_as_input_channels(string file, bool clampsOnly)
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Torchvision(file));
            OnnxModel graph = OnnxReader.Read(model.ExportConvAdModel());
            var producers = graph.Graph.Nodes.SelectMany(n => n.Outputs.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
            var rewritten = graph.Graph.Nodes.Where(n => n.OpType == "Conv" && producers.TryGetValue(n.Input(0), out OnnxNode? p) &&
                p.OpType == "Concat" && p.Outputs[0].StartsWith("convad/with_mask", System.StringComparison.Ordinal)).ToList();
            _output.WriteLine($"{file}: {rewritten.Count} expand convolutions read the mask");
            Assert.NotEmpty(rewritten);

            // Each keeps its name, and its output still goes straight into the activation ONNX Runtime fuses with it.
            var original = model.Graph.Graph.Nodes.ToDictionary(n => n.Name);
            foreach (OnnxNode conv in rewritten)
            {
                Assert.Equal(original[conv.Name].Outputs[0], conv.Outputs[0]);
                long inputChannels = graph.Graph.Initializers[conv.Input(1)].Dims[1];
                long originalChannels = model.Graph.Graph.Initializers[original[conv.Name].Input(1)].Dims[1];
                Assert.True(inputChannels > originalChannels && inputChannels % 8 == 0, $"{conv.Name}: {originalChannels} → {inputChannels} input channels");
            }

            if (clampsOnly)
            {
                // The clamp form needs no multiply: the depthwise convolution (or the global pool) reads the Clip directly.
                var readers = graph.Graph.Nodes.SelectMany(n => n.Inputs.Select(i => (i, n))).ToLookup(p => p.i, p => p.n);
                foreach (OnnxNode conv in rewritten)
                {
                    OnnxNode activation = Assert.Single(readers[conv.Outputs[0]]);
                    Assert.Equal("Clip", activation.OpType);
                    Assert.DoesNotContain(readers[activation.Outputs[0]], r => r.OpType == "Mul");
                }

                Assert.DoesNotContain(graph.Graph.Nodes, n => n.Outputs.Any(o => o.StartsWith("convad/early_deactivated", System.StringComparison.Ordinal)));
            }
        }

        [Theory]
        [InlineData("mobilenet_v2.onnx", "any")]
        [InlineData("mobilenet_v2.onnx", "0.5")]
        [InlineData("mobilenet_v2.onnx", "all")]
        [InlineData("efficientnet_b0.onnx", "any")]
        [InlineData("efficientnet_b0.onnx", "0.5")]
        [InlineData("efficientnet_b0.onnx", "all")]
        [InlineData("mobilenet_v3_small.onnx", "any")]
        [InlineData("mobilenet_v3_small.onnx", "all")]
        public void Inverted_residual_families_keep_the_invariants_under_every_threshold(string file, string threshold)
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Torchvision(file),
                new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) } });
            (float[] input, _) = FixtureModels.TorchReference(file);
            InvariantAssert.Holds(model, FixtureModels.Inputs(model, input, seed: 21), masks: 16, seed: 17, _output);
        }
    }
}
