using System;
using System.IO;
using System.Linq;
using Xunit;
using static ConvAD.Tests.OnnxMessages;

namespace ConvAD.Tests
{
    /// <summary>
    /// Small classifiers whose first Conv has pads not smaller than its kernel, so that some of its windows read only
    /// padding (docs/architecture.md, "Windows over padding only"); the engine's and the GPU runtime's tests share them.
    /// </summary>
    internal static class PaddingOnlyModels
    {
        public const int Channels = 3, Height = 6, Width = 7;

        /// <summary>The head's bias: the scores of a head that sees only zeros.</summary>
        public static readonly float[] HeadBias = { 0.25f, -0.5f, 1f };

        /// <summary>The windows under test: name, kernel, pads (top, left, bottom, right), dilation.</summary>
        public static TheoryData<string, long, long[], long> Windows() => new TheoryData<string, long, long[], long>
        {
            { "1×1, pads 1", 1, new long[] { 1, 1, 1, 1 }, 1 },
            { "2×2, pads 2,3,2,1", 2, new long[] { 2, 3, 2, 1 }, 1 },
            { "3×3, pads 4, dilation 2", 3, new long[] { 4, 4, 4, 4 }, 2 },
            { "2×2, pads 4, dilation 8 (steps over the input)", 2, new long[] { 4, 4, 4, 4 }, 8 },
        };

        /// <summary>
        /// [1,3,6,7] → Conv (the window under test, 4 channels, bias 0.5) → Relu → Conv 3×3 pads 1 (a spatial mixer that reads
        /// the padding-only positions) → Relu → GlobalAveragePool → Flatten → Gemm (bias <see cref="HeadBias"/>). With
        /// <paramref name="explicitPad"/>, the first Conv's pads are an explicit Pad (constant 0) before it instead.
        /// </summary>
        public static byte[] Chain(long kernel, long[] pads, long dilation, bool explicitPad)
        {
            var random = new Random(7);
            var graph = new Proto();
            string x = "x";
            if (explicitPad)
            {
                graph.Message(5, Int64Tensor("pads", 0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3]));
                graph.Message(1, Node("pad", "Pad", new[] { "x", "pads" }, new[] { "xp" }));
                x = "xp";
            }

            graph.Message(5, FloatTensor("w0", random, 4, Channels, kernel, kernel));
            graph.Message(5, FloatTensor("b0", null, 4));
            graph.Message(1, Node("conv0", "Conv", new[] { x, "w0", "b0" }, new[] { "c0" },
                ("kernel_shape", new[] { kernel, kernel }), ("pads", explicitPad ? new long[] { 0, 0, 0, 0 } : pads), ("dilations", new[] { dilation, dilation })));
            graph.Message(1, Node("relu0", "Relu", new[] { "c0" }, new[] { "r0" }));
            graph.Message(5, FloatTensor("w1", random, 2, 4, 3, 3));
            graph.Message(5, FloatTensor("b1", null, 2));
            graph.Message(1, Node("conv1", "Conv", new[] { "r0", "w1", "b1" }, new[] { "c1" }, ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 })));
            graph.Message(1, Node("relu1", "Relu", new[] { "c1" }, new[] { "r1" }));
            graph.Message(1, Node("gap", "GlobalAveragePool", new[] { "r1" }, new[] { "p" }));
            graph.Message(1, Node("flat", "Flatten", new[] { "p" }, new[] { "f" }));
            graph.Message(5, FloatTensor("fc_w", random, 2, HeadBias.Length));
            graph.Message(5, FloatTensor("fc_b", null, HeadBias.Length));
            graph.Message(1, Node("fc", "Gemm", new[] { "f", "fc_w", "fc_b" }, new[] { "y" }));
            graph.String(2, "padding_only_windows")
                .Message(11, ValueInfo("x", 1, Channels, Height, Width))
                .Message(12, ValueInfo("y", 1, HeadBias.Length));
            return OnnxMessages.Model(graph);
        }

        /// <summary>A float initializer: weights in [-0.5, 0.5) from <paramref name="random"/>, or the biases (0.5, or the head's).</summary>
        private static Proto FloatTensor(string name, Random? random, params long[] dims) =>
            OnnxMessages.FloatTensor(name, dims, i => random != null ? (float)(random.NextDouble() - 0.5) : name == "fc_b" ? HeadBias[i] : 0.5f);

        private static Proto Int64Tensor(string name, params long[] values)
        {
            using var raw = new MemoryStream();
            foreach (long v in values)
            {
                raw.Write(BitConverter.GetBytes(v));
            }

            return new Proto().Varint(1, values.Length).Varint(2, 7).String(8, name).Bytes(9, raw.ToArray());
        }
    }
}
