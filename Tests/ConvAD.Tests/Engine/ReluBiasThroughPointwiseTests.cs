using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Verification;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// DenseNet's transitions (BN → ReLU → bias-free 1×1 Conv → Pad → AveragePool) deactivate at the ReLU instead of
    /// multiplying the pool's input by the mask (GraphRewriter.ReluBiasThroughPointwise.cs). The rule must fire there and
    /// give the scores the multiply gives, up to float rounding (ONNX Runtime fuses the two graphs differently).
    /// </summary>
    public sealed class ReluBiasThroughPointwiseTests
    {
        private readonly ITestOutputHelper _output;

        public ReluBiasThroughPointwiseTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Densenet_transitions_deactivate_at_their_relu()
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Torchvision("densenet121.onnx"));
            RewriteStep[] moved = model.ExplainRewrites().Steps
                .Where(s => s.Realisation.Contains("carried as exact zeros through bias-free pointwise ops", StringComparison.Ordinal)).ToArray();
            Assert.Equal(3, moved.Length);
            Assert.All(moved, s => Assert.Contains("transition", s.Tensor, StringComparison.Ordinal));
        }

        [Fact]
        public void Scores_equal_those_of_the_multiply_before_the_pool()
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Torchvision("densenet121.onnx"));
            byte[] source = System.IO.File.ReadAllBytes(FixtureModels.Torchvision("densenet121.onnx"));
            byte[] moved = GraphRewriter.ConvAd(source, model.Graph, model.Plan, widen: false);
            byte[] multiplied = GraphRewriter.ConvAd(source, model.Graph, model.Plan, widen: false, reluBiasThroughPointwise: false);
            Assert.NotEqual(moved.Length, multiplied.Length);

            int h = model.Input.Height, w = model.Input.Width, plane = h * w;
            IReadOnlyList<MaskPattern> masks = MaskPatterns.Generate(h, w, 8, seed: 23);
            (float[] image, _) = FixtureModels.TorchReference("densenet121.onnx");
            int n = masks.Count;
            var images = new float[n * image.Length];
            var maskValues = new float[n * plane];
            for (int i = 0; i < n; i++)
            {
                image.CopyTo(images, i * image.Length);
                masks[i].Values.CopyTo(maskValues, i * plane);
            }

            float[] a = Run(moved, model, images, maskValues, n);
            float[] b = Run(multiplied, model, images, maskValues, n);
            Assert.Equal(b.Length, a.Length);
            double scale = b.Max(v => Math.Abs(v));
            double worst = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
            _output.WriteLine($"largest score difference {worst:G3} (scores up to {scale:G3}) over masks {string.Join(", ", masks.Select(m => m.Name))}");
            Assert.True(worst <= 1e-4 * Math.Max(1, scale), $"largest difference {worst} exceeds float rounding (scores up to {scale})");
        }

        [Theory]
        [InlineData("any")]
        [InlineData("0.5")]
        [InlineData("all")]
        public void Densenet_keeps_the_invariants_under_every_threshold(string threshold)
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Torchvision("densenet121.onnx"),
                new EngineOptions { Plan = new ConvAD.Plan.PlanOptions { Threshold = ConvAD.Plan.PropagationThreshold.Parse(threshold) } });
            (float[] input, _) = FixtureModels.TorchReference("densenet121.onnx");
            InvariantAssert.Holds(model, FixtureModels.Inputs(model, input, seed: 29), masks: 16, seed: 31, _output);
        }

        private static float[] Run(byte[] graph, ConvAdModel model, float[] images, float[] masks, int n)
        {
            using var session = new InferenceSession(graph);
            var inputs = new List<NamedOnnxValue>
            {
                NamedOnnxValue.CreateFromTensor(model.Input.Name, new DenseTensor<float>(images, new[] { n, model.Input.Channels, model.Input.Height, model.Input.Width })),
                NamedOnnxValue.CreateFromTensor(GraphRewriter.MaskInputName, new DenseTensor<float>(masks, new[] { n, 1, model.Input.Height, model.Input.Width })),
            };
            using var results = session.Run(inputs);
            return results.First().AsEnumerable<float>().ToArray();
        }
    }
}
