using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// Int8 models in ONNX Runtime's QOperator format (scripts/make_qoperator_fixtures.py): the QLinear/Integer ops and the
    /// com.microsoft QLinear contrib ops take the roles of the float ops they quantize, checkpoints write the zero point,
    /// and masked averages are over present positions as for float.
    /// </summary>
    public sealed class QOperatorTests
    {
        private readonly ITestOutputHelper _output;

        public QOperatorTests(ITestOutputHelper output) => _output = output;

        private static string Fixture(string file) => RepoPaths.File("Tests", "Fixtures", "models", "qoperator", file);

        private static EngineOptions At(string threshold) => new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) } };

        [Theory]
        [InlineData("any")]
        [InlineData("0.5")]
        [InlineData("all")]
        public void Every_quantized_op_keeps_the_invariants(string threshold)
        {
            using ConvAdModel model = ConvAdModel.Load(Fixture("qoperator_ops.onnx"), At(threshold));
            Assert.True(model.Plan.IsSupported, model.Plan.Unsupported?.ToString());
            Assert.True(model.CanBatch);
            float[] images = FixtureModels.Inputs(model, FixtureModels.ReadFloats(Fixture("input_1x3x16x16.bin")), seed: 5);

            // Nothing occluded: the op's own integers everywhere (the quantized corrections keep the op's output there).
            float[] ones = Enumerable.Repeat(1f, 2 * model.MaskSize).ToArray();
            Assert.Equal(model.RunPlain(images, 2), model.Run(images, ones, 2));
            InvariantAssert.Holds(model, images, masks: 12, seed: 9, _output);
        }

        [Theory]
        [InlineData("qoperator_qgemm.onnx")]
        [InlineData("qoperator_qgemm_float.onnx")]
        public void A_qgemm_classifier_head_runs_under_convad(string file)
        {
            // com.microsoft.QGemm is how onnxruntime.quantization writes a Gemm in QOperator format: after Flatten it reads no
            // spatial tensor, so it needs only its shape (the class count) to take part.
            using ConvAdModel model = ConvAdModel.Load(Fixture(file), At("0.5"));
            Assert.True(model.Plan.IsSupported, model.Plan.Unsupported?.ToString());
            Assert.Equal(10, model.ClassCount);
            string head = file.Contains("float") ? "logits" : "y";
            Shapes.TensorShape? inferred = model.Plan.Shapes?.ShapeOf(head);
            Assert.Equal(new long[] { 1, 10 }, inferred?.Dims);
            Assert.Equal(file.Contains("float") ? TensorElementType.Float : TensorElementType.UInt8, inferred?.ElementType);
            float[] images = FixtureModels.Inputs(model, FixtureModels.ReadFloats(Fixture("input_1x3x16x16.bin")), seed: 7);
            float[] ones = Enumerable.Repeat(1f, 2 * model.MaskSize).ToArray();
            Assert.Equal(model.RunPlain(images, 2), model.Run(images, ones, 2));
            InvariantAssert.Holds(model, images, masks: 12, seed: 3, _output);
        }

        /// <summary>QGemm's output has a zero point (input 8) only when the node quantizes its output (y_scale, input 7).</summary>
        [Theory]
        [InlineData("qoperator_qgemm.onnx", 8)]
        [InlineData("qoperator_qgemm_float.onnx", null)]
        public void A_qgemm_output_has_a_zero_point_only_when_quantized(string file, int? expected)
        {
            OnnxNode qgemm = OnnxReader.Read(File.ReadAllBytes(Fixture(file))).Graph.Nodes.Single(n => n.OpType == "QGemm");
            Assert.Equal(expected, QuantizedOperands.OutputZeroPoint(qgemm));
        }

        [Fact]
        public void Layer_masking_on_quantized_activations_is_refused_by_name()
        {
            // Its neighbour fill averages activations in their own values: on uint8 that needs a scale and zero point no fill
            // rule uses, so the plan refuses the first quantized convolution instead of the engine failing inside.
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(RepoPaths.File("models", "cifar10", "resnet20-int8.onnx")), PlanOptions.LayerMasking);
            Assert.False(plan.IsSupported);
            Assert.Equal("QLinearConv", plan.Unsupported!.Op);
            Assert.Contains("neighbour fill (layer masking, or AD's neighbour stem fill) needs floating-point activations", plan.Unsupported.Reason);
            Assert.Contains("uint8", plan.Unsupported.Reason);
        }

        [Fact]
        public void Under_the_union_rule_each_quantized_branch_is_deactivated_to_its_zero_point()
        {
            // QLinearAdd and QLinearConcat meet branches on two grids: union checkpoints each branch before the merge.
            var options = new EngineOptions { Plan = new PlanOptions { Combination = MaskCombination.Union } };
            using ConvAdModel model = ConvAdModel.Load(Fixture("qoperator_ops.onnx"), options);
            Assert.True(model.Plan.IsSupported, model.Plan.Unsupported?.ToString());
            Assert.Equal(2, model.Plan.Nodes.Single(n => n.Name == "f").Checkpoints.Count);
            Assert.Equal(new[] { 2, 5 }, model.Plan.Nodes.Single(n => n.Name == "g").Checkpoints.Select(c => c.InputIndex));
            float[] images = FixtureModels.Inputs(model, null, seed: 6);
            InvariantAssert.Holds(model, images, masks: 12, seed: 4, _output);
        }

        [Fact]
        public void The_int8_fixture_computes_the_float_network_it_was_quantized_from()
        {
            // An honest check that the hand-made graph wires every op as intended: a wrong operand order or zero point
            // gives logits far from the float network's, not within a few output quanta.
            using ConvAdModel model = ConvAdModel.Load(Fixture("qoperator_ops.onnx"));
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Fixture("qoperator_ops.expected.json")));
            float[] expected = doc.RootElement.GetProperty("input_1x3x16x16.bin").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            float[] logits = model.RunPlain(FixtureModels.ReadFloats(Fixture("input_1x3x16x16.bin")), 1);
            float spread = expected.Max() - expected.Min();
            _output.WriteLine($"max |Δ| {InvariantChecker.MaxAbsDiff(logits, expected)} over a logit spread of {spread}");
            Assert.True(InvariantChecker.MaxAbsDiff(logits, expected) < 0.1 * spread);
        }

        [Fact]
        public void Each_quantized_op_has_the_role_of_its_float_op()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(Fixture("qoperator_ops.onnx")));
            Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
            PlanNode Node(string name) => plan.Nodes.Single(n => n.Name == name);
            Assert.Equal(NodeRole.SpatialMixing, Node("a").Role); // QLinearConv 3x3
            Assert.Equal(NodeRole.Pointwise, Node("b").Role); // QLinearLeakyRelu
            Assert.Equal((NodeRole.SpatialMixing, OutputCorrection.MaskedWindowAverage), (Node("c").Role, Node("c").Correction)); // QLinearAveragePool
            Assert.Equal(NodeRole.Pointwise, Node("d").Role); // QLinearSigmoid
            Assert.Equal(NodeRole.BranchMerge, Node("e").Role); // QLinearMul
            Assert.Equal(NodeRole.BranchMerge, Node("f").Role); // QLinearAdd of two grids
            Assert.Equal(MaskOrigin.Combined, plan.Masks[Node("f").OutputMask!.Value].Origin);
            Assert.Equal(NodeRole.BranchMerge, Node("g").Role); // QLinearConcat
            Assert.Equal((NodeRole.SpatialMixing, Neutral.Lowest), (Node("h").Role, Node("h").Checkpoints.Single().Neutral)); // uint8 MaxPool
            Assert.Equal(NodeRole.SpatialMixing, Node("i_acc").Role); // ConvInteger
            Assert.Equal(NodeRole.Pointwise, Node("j").Role); // QLinearMatMul over channels
            Assert.Equal(NodeRole.Pointwise, Node("k_acc").Role); // MatMulInteger over channels
            Assert.Equal(NodeRole.Pointwise, Node("l").Role); // QLinearSoftmax over channels
            Assert.Equal((NodeRole.GlobalAggregate, OutputCorrection.MaskedGlobalMean), (Node("m").Role, Node("m").Correction)); // QLinearGlobalAveragePool
            Assert.Equal(NodeRole.NonSpatial, Node("y").Role); // QLinearMatMul of the head
        }

        [Theory]
        [InlineData("any", 0)]
        [InlineData("0.5", 1)]
        [InlineData("any", 2)]
        public void Quantized_averages_are_over_present_positions(string threshold, int maskKind)
        {
            // QLinearAveragePool → QLinearGlobalAveragePool, recomputed by hand from the definition: each window averages
            // its present inputs, the global mean averages the present windows, each result quantized to its op's scale.
            using ConvAdModel model = ConvAdModel.Load(Fixture("qoperator_pools.onnx"), At(threshold));
            var q = QuantParams.Read(Fixture("qoperator_pools.json"));
            var rng = new Random(11 + maskKind);
            float[] x = Enumerable.Range(0, model.ImageSize).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            float[] mask = Enumerable.Range(0, 64).Select(p => maskKind switch
            {
                0 => p % 8 < 3 ? 1f : 0f, // three left columns
                1 => p / 8 >= 2 && p / 8 < 7 && p % 8 >= 1 ? 1f : 0f, // a box off the border
                _ => rng.NextDouble() < 0.4 ? 1f : 0f,
            }).ToArray();

            float[] got = model.Run(x, mask, 1);
            (float[] expected, float[] naive) = PooledByHand(x, mask, PropagationThreshold.Parse(threshold), q);
            double tolerance = q.Window.Scale + q.Global.Scale; // one rounding step at each quantized op
            _output.WriteLine($"got {string.Join(", ", got)}; by hand {string.Join(", ", expected)}; uncorrected {string.Join(", ", naive)}");
            for (int c = 0; c < 3; c++)
            {
                Assert.InRange(got[c], expected[c] - tolerance, expected[c] + tolerance);
            }

            // The correction matters here: averaging the zeroed positions too would be far off.
            Assert.Contains(Enumerable.Range(0, 3), c => Math.Abs(naive[c] - expected[c]) > 2 * tolerance);
        }

        [Theory]
        [InlineData("qoperator_nhwc_maxpool.onnx", "NhwcMaxPool", "custom domain")]
        [InlineData("qoperator_channels_last.onnx", "QLinearGlobalAveragePool", "channels_last")]
        public void Quantized_ops_without_a_rule_are_refused_by_name(string file, string op, string reason)
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(Fixture(file)));
            Assert.False(plan.IsSupported);
            Assert.Equal((op, "pooled"), (plan.Unsupported!.Op, plan.Unsupported.Node));
            Assert.Contains(reason, plan.Unsupported.Reason);
            Assert.Throws<UnsupportedModelException>(() => ConvAdModel.Load(Fixture(file)).Run(new float[192], new float[64], 1));
        }

        /// <summary>The masked averages of qoperator_pools.onnx by the definition, and what an uncorrected average would give.</summary>
        private static (float[] Expected, float[] Naive) PooledByHand(float[] x, float[] mask, PropagationThreshold tau, QuantParams q)
        {
            var expected = new float[3];
            var naive = new float[3];
            for (int c = 0; c < 3; c++)
            {
                double globalSum = 0, naiveSum = 0;
                int present = 0;
                for (int oy = 0; oy < 4; oy++)
                {
                    for (int ox = 0; ox < 4; ox++)
                    {
                        double sum = 0, naiveWindow = 0;
                        int inBounds = 0, seen = 0;
                        for (int ky = 0; ky < 3; ky++)
                        {
                            for (int kx = 0; kx < 3; kx++)
                            {
                                int iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
                                if (iy < 0 || iy >= 8 || ix < 0 || ix >= 8)
                                {
                                    continue;
                                }

                                inBounds++;
                                double real = q.Input.Real(q.Input.Quantize(x[c * 64 + iy * 8 + ix]));
                                if (mask[iy * 8 + ix] > 0)
                                {
                                    seen++;
                                    sum += real;
                                    naiveWindow += real;
                                }
                            }
                        }

                        naiveSum += q.Window.Real(q.Window.Quantize(naiveWindow / inBounds));
                        if (tau.IsAny ? seen > 0 : seen >= tau.Value * inBounds)
                        {
                            present++;
                            globalSum += q.Window.Real(q.Window.Quantize(sum / seen));
                        }
                    }
                }

                expected[c] = (float)q.Global.Real(q.Global.Quantize(present == 0 ? 0 : globalSum / present));
                naive[c] = (float)q.Global.Real(q.Global.Quantize(naiveSum / 16));
            }

            return (expected, naive);
        }

        private sealed record Quantization(float Scale, int ZeroPoint)
        {
            public int Quantize(double real) => Math.Clamp((int)Math.Round(real / Scale, MidpointRounding.ToEven) + ZeroPoint, 0, 255);

            public double Real(int quantized) => (quantized - ZeroPoint) * (double)Scale;
        }

        private sealed record QuantParams(Quantization Input, Quantization Window, Quantization Global)
        {
            public static QuantParams Read(string path)
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
                Quantization Get(string name) => new Quantization(doc.RootElement.GetProperty(name).GetProperty("scale").GetSingle(),
                    doc.RootElement.GetProperty(name).GetProperty("zero_point").GetInt32());
                return new QuantParams(Get("input"), Get("window"), Get("global"));
            }
        }
    }
}
