using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Validation;
using ConvAD.Verification;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// How an If's branch lives in the main graph once inlined: its output takes the If's name, a node or value name the main
    /// graph already uses is prefixed with the If's, a branch that returns an outer value becomes an Identity; and the
    /// validator holds a subgraph to the closed-graph rule (its nodes read its own values or those of the graph around it).
    /// Hand-built: x → Relu (r) → If(cond) → GlobalAveragePool → Flatten, with then = Sigmoid(Neg(r)) and else = r.
    /// </summary>
    public sealed class InlinedBranchTests
    {
        private const int Side = 8;

        [Fact]
        public void The_branch_taken_is_renamed_into_the_main_graph_and_computes_what_it_computed()
        {
            OnnxModel model = OnnxReader.Read(Model(condition: true));
            ConvAdPlan plan = ConvAdPlanBuilder.Build(model);

            Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
            Assert.DoesNotContain(plan.Order, n => n.OpType == "If");
            OnnxNode neg = Assert.Single(plan.Order, n => n.OpType == "Neg");
            Assert.Equal("if/relu", neg.Name); // the branch's node is named as the main graph's Relu
            Assert.Equal(new[] { "r" }, neg.Inputs); // an outer value, read as it is
            Assert.Equal(new[] { "if/z" }, neg.Outputs); // the main graph has a 'z' of its own
            OnnxNode sigmoid = Assert.Single(plan.Order, n => n.OpType == "Sigmoid");
            Assert.Equal(new[] { "if/z" }, sigmoid.Inputs);
            Assert.Equal(new[] { "y" }, sigmoid.Outputs); // the branch's output is the If's

            AssertRunsAsComputed(Model(condition: true), v => 1 / (1 + Math.Exp(v))); // sigmoid(−relu x)
        }

        [Fact]
        public void A_branch_that_returns_an_outer_value_becomes_an_Identity()
        {
            ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(Model(condition: false)));

            Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
            OnnxNode identity = Assert.Single(plan.Order, n => n.OpType == "Identity");
            Assert.Equal(new[] { "r" }, identity.Inputs);
            Assert.Equal(new[] { "y" }, identity.Outputs);
            Assert.DoesNotContain(plan.Order, n => n.OpType is "If" or "Neg" or "Sigmoid");

            AssertRunsAsComputed(Model(condition: false), v => v); // relu x
        }

        [Fact]
        public void A_subgraph_node_that_reads_a_value_nothing_produces_is_refused_by_the_validator()
        {
            ModelValidationException e = Assert.Throws<ModelValidationException>(() => OnnxReader.Read(Model(condition: true, thenReads: "nowhere")));
            Assert.Equal("relu", e.Node); // the branch's node
            Assert.Contains("'nowhere' is produced by no node", e.Message);
        }

        /// <summary>Plain and ConvAD with nothing occluded both give the channel means of f(relu(x)), at a batch of 2.</summary>
        private static void AssertRunsAsComputed(byte[] onnx, Func<double, double> f)
        {
            using ConvAdModel model = ConvAdModel.Load(onnx, "inlined");
            var rng = new Random(5);
            float[] images = Enumerable.Range(0, 2 * 3 * Side * Side).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            float[] expected = Enumerable.Range(0, 2 * 3)
                .Select(c => (float)images.Skip(c * Side * Side).Take(Side * Side).Average(v => f(Math.Max(0, v)))).ToArray();

            float[] plain = model.RunPlain(images, 2);
            Assert.True(InvariantChecker.MaxAbsDiff(plain, expected) < 1e-5, $"plain: {InvariantChecker.MaxAbsDiff(plain, expected)}");
            float[] identity = model.Run(images, Enumerable.Repeat(1f, 2 * model.MaskSize).ToArray(), 2);
            Assert.True(InvariantChecker.MaxAbsDiff(identity, expected) < 1e-5, $"ConvAD, nothing occluded: {InvariantChecker.MaxAbsDiff(identity, expected)}");
        }

        private static byte[] Model(bool condition, string thenReads = "r")
        {
            Proto thenBranch = new Proto().String(2, "then")
                .Message(1, OnnxMessages.Node("relu", "Neg", new[] { thenReads }, new[] { "z" }))
                .Message(1, OnnxMessages.Node("sigmoid", "Sigmoid", new[] { "z" }, new[] { "out" }))
                .Message(12, OnnxMessages.ValueInfo("out", "N", 3, Side, Side));
            Proto elseBranch = new Proto().String(2, "else").Message(12, OnnxMessages.ValueInfo("r", "N", 3, Side, Side));
            Proto ifNode = OnnxMessages.Node("if", "If", new[] { "cond" }, new[] { "y" })
                .Message(5, GraphAttribute("then_branch", thenBranch))
                .Message(5, GraphAttribute("else_branch", elseBranch));
            Proto graph = new Proto().String(2, "inlined")
                .Message(1, OnnxMessages.Node("relu", "Relu", new[] { "x" }, new[] { "r" }))
                .Message(1, OnnxMessages.Node("square", "Mul", new[] { "r", "r" }, new[] { "z" })) // a 'z' of the main graph's own
                .Message(1, ifNode)
                .Message(1, OnnxMessages.Node("gap", "GlobalAveragePool", new[] { "y" }, new[] { "g" }))
                .Message(1, OnnxMessages.Node("flatten", "Flatten", new[] { "g" }, new[] { "logits" }))
                .Message(5, new Proto().Varint(2, 9).String(8, "cond").Bytes(9, new byte[] { condition ? (byte)1 : (byte)0 })) // bool scalar
                .Message(11, OnnxMessages.ValueInfo("x", "N", 3, Side, Side))
                .Message(12, OnnxMessages.ValueInfo("logits", "N", 3));
            return OnnxMessages.Model(graph);
        }

        /// <summary>An AttributeProto of type GRAPH (5): field 6 holds the graph.</summary>
        private static Proto GraphAttribute(string name, Proto graph) => new Proto().String(1, name).Message(6, graph).Varint(20, 5);
    }
}
