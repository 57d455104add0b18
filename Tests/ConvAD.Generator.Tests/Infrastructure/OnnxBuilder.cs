using System.Collections.Generic;
using System.IO;
using System.Text;
using ConvAD.Tests;
using static ConvAD.Tests.OnnxMessages;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>
    /// Writes small ONNX models by hand (protobuf wire format), for the shapes the shipped models do not
    /// have: a non-image input, a symbolic spatial size, or a classifier with a 100 MB weight.
    /// </summary>
    internal static class OnnxBuilder
    {
        private const int Float = 1;

        /// <summary>x → Relu → y with the given input shape (a number, or a name for a symbolic dimension).</summary>
        public static byte[] Relu(params object[] inputShape)
        {
            var graph = new Proto()
                .Message(1, Node("relu", "Relu", new[] { "x" }, new[] { "y" }))
                .String(2, "relu_graph")
                .Message(11, ValueInfo("x", inputShape))
                .Message(12, ValueInfo("y", inputShape));
            return Model(graph);
        }

        /// <summary>
        /// A classifier x[1,3,8,8] → Conv 3×3 (channels) → GlobalAveragePool → Flatten → Gemm (classes),
        /// whose Gemm weight holds channels × classes floats: with 25,000 × 1,000 the file is 100 MB.
        /// </summary>
        public static void WriteClassifier(string path, int channels, int classes)
        {
            var graph = new Proto()
                .Message(1, Node("conv", "Conv", new[] { "x", "w" }, new[] { "c" }, ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 })))
                .Message(1, Node("pool", "GlobalAveragePool", new[] { "c" }, new[] { "p" }))
                .Message(1, Node("flat", "Flatten", new[] { "p" }, new[] { "f" }))
                .Message(1, Node("fc", "Gemm", new[] { "f", "b" }, new[] { "y" }))
                .String(2, "classifier")
                .Message(5, Tensor("w", new long[] { channels, 3, 3, 3 }))
                .Message(5, Tensor("b", new long[] { channels, classes }))
                .Message(11, ValueInfo("x", 1, 3, 8, 8))
                .Message(12, ValueInfo("y", 1, classes));
            File.WriteAllBytes(path, Model(graph));
        }

        /// <summary>
        /// A small classifier x[1,3,8,8] → Conv 3×3 (named <paramref name="convName"/>) → <paramref name="activation"/>
        /// → GlobalAveragePool → Flatten → Gemm → y[1,10], for ops and node names the shipped models do not have.
        /// </summary>
        public static byte[] SmallClassifier(string activation, string convName = "conv", string activationDomain = "")
        {
            Proto act = Node("act", activation, new[] { "c" }, new[] { "a" });
            if (activationDomain.Length > 0)
            {
                act.String(7, activationDomain);
            }

            var graph = new Proto()
                .Message(1, Node(convName, "Conv", new[] { "x", "w" }, new[] { "c" }, ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 })))
                .Message(1, act)
                .Message(1, Node("pool", "GlobalAveragePool", new[] { "a" }, new[] { "p" }))
                .Message(1, Node("flat", "Flatten", new[] { "p" }, new[] { "f" }))
                .Message(1, Node("fc", "Gemm", new[] { "f", "b" }, new[] { "y" }))
                .String(2, "small_classifier")
                .Message(5, Tensor("w", new long[] { 4, 3, 3, 3 }))
                .Message(5, Tensor("b", new long[] { 4, 10 }))
                .Message(11, ValueInfo("x", 1, 3, 8, 8))
                .Message(12, ValueInfo("y", 1, 10));
            return Model(graph, activationDomain);
        }

        /// <summary>
        /// A valid classifier x[1,3,8,8] → Conv → <paramref name="relus"/> Relus in a chain → GlobalAveragePool → Flatten → Gemm:
        /// its plan takes time in proportion to the chain, for the generator's time budget.
        /// </summary>
        public static byte[] LongChain(int relus)
        {
            var graph = new Proto().Message(1, Node("conv", "Conv", new[] { "x", "w" }, new[] { "r0" }, ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 })));
            for (int i = 0; i < relus; i++)
            {
                graph.Message(1, Node("relu" + i, "Relu", new[] { "r" + i }, new[] { "r" + (i + 1) }));
            }

            graph.Message(1, Node("pool", "GlobalAveragePool", new[] { "r" + relus }, new[] { "p" }))
                .Message(1, Node("flat", "Flatten", new[] { "p" }, new[] { "f" }))
                .Message(1, Node("fc", "Gemm", new[] { "f", "b" }, new[] { "y" }))
                .String(2, "long_chain")
                .Message(5, Tensor("w", new long[] { 4, 3, 3, 3 }))
                .Message(5, Tensor("b", new long[] { 4, 10 }))
                .Message(11, ValueInfo("x", 1, 3, 8, 8))
                .Message(12, ValueInfo("y", 1, 10));
            return Model(graph);
        }

        /// <summary>The model around <paramref name="graph"/>, importing opset 13 and, when named, version 1 of a custom domain (ONNX requires every node's domain imported).</summary>
        private static byte[] Model(Proto graph, string customDomain = "")
        {
            Proto model = new Proto()
                .Varint(1, 7)
                .String(2, "convad-tests")
                .Message(7, graph)
                .Message(8, new Proto().String(1, "").Varint(2, 13));
            if (customDomain.Length > 0)
            {
                model.Message(8, new Proto().String(1, customDomain).Varint(2, 1));
            }

            return model.ToArray();
        }

        private static Proto Tensor(string name, long[] dims)
        {
            var tensor = new Proto();
            long count = 1;
            foreach (long d in dims)
            {
                tensor.Varint(1, d);
                count *= d;
            }

            // Deterministic, non-constant weights so samples of the payload differ between tensors.
            var raw = new byte[count * 4];
            for (long i = 0; i < count; i++)
            {
                raw[i * 4] = (byte)(i * 7);
                raw[i * 4 + 2] = 0x80;
                raw[i * 4 + 3] = 0x3c;
            }

            return tensor.Varint(2, Float).String(8, name).Bytes(9, raw);
        }
    }
}
