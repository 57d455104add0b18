using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Validation;
using Xunit;

namespace ConvAD.Tests.Core
{
    /// <summary>
    /// Models that break a rule of ONNX or a size limit are refused by the reader itself, naming the node and op, before
    /// shape inference or any allocation (or, for the rules that need shapes, by the plan builder right after shape
    /// inference); every model the repository ships still passes both.
    /// </summary>
    public sealed class ModelValidationTests
    {
        public static IEnumerable<object[]> InvalidCases() => HostileModels.Invalid().Select(c => new object[] { c.Name });

        [Fact]
        public void The_unbroken_model_is_valid_and_supported()
        {
            OnnxModel model = OnnxReader.Read(HostileModels.Write(new HostileModels.Spec()));
            ConvAdPlan plan = ConvAdPlanBuilder.Build(model);
            Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
            Assert.Equal(10, plan.ClassCount);
        }

        [Theory]
        [MemberData(nameof(InvalidCases))]
        public void Each_broken_rule_is_refused_with_its_own_message(string name)
        {
            (string _, HostileModels.Spec spec, string rule, string message) = HostileModels.Invalid().Single(c => c.Name == name);
            var e = Assert.Throws<ModelValidationException>(() => ConvAdPlanBuilder.Build(OnnxReader.Read(HostileModels.Write(spec))));
            Assert.Equal(rule, e.Rule.ToString());
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_refusal_of_a_node_names_the_node_and_op()
        {
            var e = Assert.Throws<ModelValidationException>(() => OnnxReader.Read(HostileModels.Write(new HostileModels.Spec { Group = 0 })));
            Assert.Equal("conv", e.Node);
            Assert.Equal("Conv", e.Op);
            Assert.StartsWith("node 'conv' (Conv): ", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Raw_data_shorter_than_the_declared_dims_is_refused()
        {
            // The weight w [4,3,3,3] holds 432 bytes; declare it [4,3,3,4] by rewriting its last dim's varint (3 → 4).
            byte[] bytes = HostileModels.Write(new HostileModels.Spec());
            byte[] dims = { 0x08, 0x04, 0x08, 0x03, 0x08, 0x03, 0x08, 0x03, 0x10, 0x01, 0x42, 0x01, (byte)'w' };
            int at = IndexOf(bytes, dims);
            Assert.True(at >= 0, "the weight's dims were not found in the written model");
            bytes[at + 7] = 0x04;
            var e = Assert.Throws<ModelValidationException>(() => OnnxReader.Read(bytes));
            Assert.Contains("initializer 'w' declares dims [4,3,3,4] (144 × 4 bytes) but holds 432 bytes", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Every_model_in_the_repository_passes()
        {
            string[] files = new[] { RepoPaths.File("models"), RepoPaths.File("Tests", "Fixtures", "models") }
                .SelectMany(d => Directory.EnumerateFiles(d, "*.onnx", SearchOption.AllDirectories)).ToArray();
            Assert.True(files.Length >= 20, $"only {files.Length} models found");
            var refused = new List<string>();
            foreach (string file in files)
            {
                try
                {
                    ConvAdPlanBuilder.Build(OnnxReader.Read(file));
                }
                catch (ModelValidationException e)
                {
                    refused.Add($"{file}: {e.Message}");
                }
            }

            Assert.True(refused.Count == 0, string.Join("\n", refused));
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
