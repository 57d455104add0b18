using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsCheck;
using static ConvAD.Tests.OnnxMessages;

namespace ConvAD.Tests.Core
{
    /// <summary>One layer of a <see cref="RandomChain"/>: its op and window (Kernel, Stride, Pad; Channels for Conv).</summary>
    internal sealed record ChainLayer(string Op, int Kernel, int Stride, int Pad, int Channels)
    {
        public override string ToString() => Op switch
        {
            "Relu" or "Add" => Op,
            "Conv" => $"Conv(k{Kernel} s{Stride} p{Pad} c{Channels})",
            _ => $"{Op}(k{Kernel} s{Stride} p{Pad})",
        };
    }

    /// <summary>
    /// A small image classifier: an input [1, C, H, W], a chain of Conv, Relu, MaxPool, AveragePool and residual Adds
    /// (x + Relu(x)), then GlobalAveragePool, Flatten and Gemm to the class scores; written as ONNX bytes with
    /// <see cref="Proto"/>. Layers whose window would not fit what is left of the image are dropped, so every chain is a
    /// valid model. <see cref="Broken"/> sets one window attribute to a value ONNX forbids.
    /// </summary>
    internal sealed record RandomChain(int Channels, int Height, int Width, ChainLayer[] Layers, int Classes, int WeightSeed, string? Broken = null)
    {
        public static Gen<ChainLayer> Layer { get; } = Gen.Frequency(
            // Conv pads up to 3, so also not smaller than the kernel (a 1×1 Conv with pads 1 or more): windows over padding only,
            // valid ONNX that ONNX Runtime runs. Pools keep pads below the kernel: ONNX Runtime refuses the others.
            (3, Gen.Select(Gen.Int[1, 3], Gen.Int[1, 2], Gen.Int[0, 3], Gen.Int[1, 4], (k, s, p, c) => new ChainLayer("Conv", k, s, p, c))),
            (2, Gen.Const(new ChainLayer("Relu", 0, 0, 0, 0))),
            (1, Gen.Select(Gen.Int[2, 3], Gen.Int[1, 2], Gen.Int[0, 1], (k, s, p) => new ChainLayer("MaxPool", k, s, p, 0))),
            (1, Gen.Select(Gen.Int[2, 3], Gen.Int[1, 2], Gen.Int[0, 1], (k, s, p) => new ChainLayer("AveragePool", k, s, p, 0))),
            (1, Gen.Const(new ChainLayer("Add", 0, 0, 0, 0))));

        /// <summary>Valid chains of 1 to 6 layers on images (1, 3 or 4 channels) of 5 to 12 pixels a side.</summary>
        public static Gen<RandomChain> Valid { get; } = Gen.Select(Gen.Int[0, 2].Select(i => new[] { 1, 3, 4 }[i]), Gen.Int[5, 12], Gen.Int[5, 12], Layer.Array[1, 6], Gen.Int[2, 5], Gen.Int,
            (c, h, w, layers, classes, seed) => new RandomChain(c, h, w, layers, classes, seed));

        /// <summary>Valid chains, or chains with one attribute ONNX forbids (stride 0, a negative pad, kernel 0).</summary>
        public static Gen<RandomChain> MaybeBroken { get; } = Gen.Select(Valid, Gen.Int[0, 3],
            (chain, broken) => broken == 0 ? chain : chain with
            {
                // A first Conv that always fits the input (5 pixels a side at least) carries the broken attribute.
                Layers = chain.Layers.Prepend(new ChainLayer("Conv", 3, 1, 1, 2)).ToArray(),
                Broken = broken == 1 ? "strides" : broken == 2 ? "pads" : "kernel_shape",
            });

        public int ImageSize => Channels * Height * Width;

        public override string ToString() =>
            $"[1,{Channels},{Height},{Width}] {string.Join(" → ", Layers.Select(l => l.ToString()))} → {Classes} classes (weights {WeightSeed}{(Broken == null ? "" : ", broken " + Broken)})";

        public byte[] ToOnnx()
        {
            var random = new Random(WeightSeed);
            var graph = new Proto();
            string current = "x";
            int channels = Channels, height = Height, width = Width, n = 0;
            bool brokenWritten = false;
            foreach (ChainLayer layer in Layers)
            {
                string output = "t" + n;
                string name = layer.Op.ToLowerInvariant() + n++;
                switch (layer.Op)
                {
                    case "Relu":
                        graph.Message(1, Node(name, "Relu", new[] { current }, new[] { output }));
                        break;
                    case "Add":
                        graph.Message(1, Node(name + "_relu", "Relu", new[] { current }, new[] { output + "_r" }));
                        graph.Message(1, Node(name, "Add", new[] { current, output + "_r" }, new[] { output }));
                        break;
                    default:
                        int h = Fit(height, layer), w = Fit(width, layer);
                        if (h < 1 || w < 1)
                        {
                            continue; // the window does not fit what is left of the image
                        }

                        bool breakHere = Broken != null && !brokenWritten;
                        brokenWritten |= breakHere;
                        var attributes = new List<(string, long[])>
                        {
                            ("kernel_shape", new long[] { breakHere && Broken == "kernel_shape" ? 0 : layer.Kernel, layer.Kernel }),
                            ("strides", new long[] { breakHere && Broken == "strides" ? 0 : layer.Stride, layer.Stride }),
                            ("pads", new long[] { breakHere && Broken == "pads" ? -1 : layer.Pad, layer.Pad, layer.Pad, layer.Pad }),
                        };
                        if (layer.Op == "Conv")
                        {
                            graph.Message(5, Tensor(name + "_w", random, layer.Channels, channels, layer.Kernel, layer.Kernel));
                            graph.Message(5, Tensor(name + "_b", random, layer.Channels));
                            graph.Message(1, Node(name, "Conv", new[] { current, name + "_w", name + "_b" }, new[] { output }, attributes.ToArray()));
                            channels = layer.Channels;
                        }
                        else
                        {
                            graph.Message(1, Node(name, layer.Op, new[] { current }, new[] { output }, attributes.ToArray()));
                        }

                        (height, width) = (h, w);
                        break;
                }

                current = output;
            }

            graph.Message(1, Node("gap", "GlobalAveragePool", new[] { current }, new[] { "p" }));
            graph.Message(1, Node("flat", "Flatten", new[] { "p" }, new[] { "f" }));
            graph.Message(5, Tensor("fc_w", random, channels, Classes));
            graph.Message(5, Tensor("fc_b", random, Classes));
            graph.Message(1, Node("fc", "Gemm", new[] { "f", "fc_w", "fc_b" }, new[] { "y" }));
            graph.String(2, "random_chain")
                .Message(11, ValueInfo("x", 1, Channels, Height, Width))
                .Message(12, ValueInfo("y", 1, Classes));
            return OnnxMessages.Model(graph);
        }

        private static int Fit(int size, ChainLayer layer) =>
            size + 2 * layer.Pad < layer.Kernel ? 0 : (size + 2 * layer.Pad - layer.Kernel) / layer.Stride + 1;

        /// <summary>A float initializer of <paramref name="dims"/>, values in [-0.5, 0.5).</summary>
        private static Proto Tensor(string name, Random random, params long[] dims) =>
            OnnxMessages.FloatTensor(name, dims, _ => (float)(random.NextDouble() - 0.5));
    }
}
