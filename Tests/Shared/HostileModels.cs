using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using static ConvAD.Tests.OnnxMessages;

namespace ConvAD.Tests
{
    /// <summary>
    /// Small ONNX classifiers written by hand (protobuf wire format), valid by default, each with one knob to break
    /// a rule of ONNX or a size limit: x[1,3,H,W] → Conv 3×3 → Relu → GlobalAveragePool → Flatten → Gemm → y[1,10].
    /// </summary>
    internal static class HostileModels
    {
        private const int Float = 1;

        /// <summary>What to write; the defaults give a valid model.</summary>
        internal sealed record Spec
        {
            public long Group { get; init; } = 1;

            public long[] Strides { get; init; } = { 1, 1 };

            public long[] Pads { get; init; } = { 1, 1, 1, 1 };

            public long Height { get; init; } = 8;

            public long Width { get; init; } = 8;

            /// <summary>The default domain's opset; null imports none.</summary>
            public long? Opset { get; init; } = 13;

            /// <summary>Adds a Constant node whose tensor lives in an external file.</summary>
            public bool ExternalConstant { get; init; }

            /// <summary>The Conv weights are all NaN: a valid model whose every output is NaN.</summary>
            public bool NaNWeights { get; init; }

            /// <summary>The Gemm's data input: "f", the Flatten's output, unless a test names another.</summary>
            public string GemmInput { get; init; } = "f";

            /// <summary>Declared dims of an extra initializer written without data (null: none).</summary>
            public long[]? HugeInitializer { get; init; }
        }

        /// <summary>Each way to break the model, with the validation rule and a fragment of the message that must refuse it.</summary>
        public static IEnumerable<(string Name, Spec Spec, string Rule, string Message)> Invalid()
        {
            var ok = new Spec();
            yield return ("Conv group 0", ok with { Group = 0 }, "Onnx", "group is 0");
            yield return ("Conv group -1", ok with { Group = -1 }, "Onnx", "group is -1");
            yield return ("Conv group 7", ok with { Group = 7 }, "Onnx", "group 7 does not divide the 4 output channels");
            yield return ("Conv group 2 on 3 channels", ok with { Group = 2 }, "Onnx", "its input 'x' has 3 channels, but group 2 × the weights' 3 input channels is 6");
            yield return ("Gemm reading nothing", ok with { GemmInput = "nowhere" }, "Onnx", "node 'fc' (Gemm): input 'nowhere' is produced by no node, graph input or initializer");
            yield return ("Conv strides 0", ok with { Strides = new long[] { 0, 1 } }, "Onnx", "strides [0,1] holds 0");
            yield return ("Conv pads 2^31-1", ok with { Pads = new long[] { int.MaxValue, 1, 1, 1 } }, "Limit", "pads [2147483647,1,1,1] holds 2147483647");
            yield return ("Conv pads -1", ok with { Pads = new long[] { -1, 1, 1, 1 } }, "Onnx", "pads are not negative");
            yield return ("Conv pads of 3 values", ok with { Pads = new long[] { 1, 1, 1 } }, "Onnx", "pads has 3 values");
            yield return ("input H = 2^31", ok with { Height = 1L << 31 }, "Limit", "over the limit of 16777216");
            yield return ("input H = W = 65536", ok with { Height = 65536, Width = 65536 }, "Limit", "at most 16384 on a side");
            yield return ("input 3×10000×10000", ok with { Height = 10000, Width = 10000 }, "Limit", "holds more than 268435456 values per image");
            yield return ("opset 0", ok with { Opset = 0 }, "Onnx", "opset 0 of the default domain");
            yield return ("opset -1", ok with { Opset = -1 }, "Onnx", "opset -1 of the default domain");
            yield return ("opset 10000", ok with { Opset = 10000 }, "Onnx", "opset 10000 of the default domain (ai.onnx), which does not exist");
            yield return ("no opset import", ok with { Opset = null }, "Onnx", "imports no opset of the default domain");
            yield return ("Constant with external data", ok with { ExternalConstant = true }, "ExternalData", "node 'const' (Constant): the tensor of attribute 'value' keeps its data in an external file");
            yield return ("initializer [2^20,2^20,2^10]", ok with { HugeInitializer = new[] { 1L << 20, 1L << 20, 1L << 10 } }, "Limit", "initializer 'huge' declares dims [1048576,1048576,1024]");
        }

        /// <summary>The classifier with each knob drawn from valid, boundary and absurd values: a model valid or broken at random.</summary>
        public static byte[] Random(System.Random random)
        {
            long[] sizes = { 0, 1, 8, 16384, 16385, 65536, 1L << 24, 1L << 31, long.MaxValue };
            long[] pads = { -1, 0, 1, 3, int.MaxValue, 1L << 40 };
            long[] opsets = { -1, 0, 1, 7, 13, 26, 27, 10000 };
            long Pick(long[] values) => values[random.Next(values.Length)];
            var spec = new Spec
            {
                Group = random.Next(-2, 9),
                Strides = new[] { (long)random.Next(-1, 4), (long)random.Next(-1, 4) },
                Pads = Enumerable.Range(0, random.Next(3, 6)).Select(_ => random.Next(3) == 0 ? Pick(pads) : 1).ToArray(),
                Height = random.Next(2) == 0 ? 8 : Pick(sizes),
                Width = random.Next(2) == 0 ? 8 : Pick(sizes),
                Opset = random.Next(2) == 0 ? 13 : Pick(opsets),
                ExternalConstant = random.Next(8) == 0,
            };
            return Write(spec);
        }

        public static byte[] Write(Spec spec)
        {
            var graph = new Proto()
                .Message(1, Node("conv", "Conv", new[] { "x", "w" }, new[] { "c" },
                    ("kernel_shape", new long[] { 3, 3 }), ("pads", spec.Pads), ("strides", spec.Strides)).Message(5, IntAttribute("group", spec.Group)))
                .Message(1, Node("act", "Relu", new[] { "c" }, new[] { "a" }))
                .Message(1, Node("pool", "GlobalAveragePool", new[] { "a" }, new[] { "p" }))
                .Message(1, Node("flat", "Flatten", new[] { "p" }, new[] { "f" }))
                .Message(1, Node("fc", "Gemm", new[] { spec.GemmInput, "b" }, new[] { "y" }));
            if (spec.ExternalConstant)
            {
                // TensorProto.data_location = EXTERNAL (14), external_data = {location: "weights.bin"} (13).
                Proto tensor = new Proto().Varint(1, 4).Varint(2, Float).String(8, "k")
                    .Message(13, new Proto().String(1, "location").String(2, "weights.bin")).Varint(14, 1);
                graph.Message(1, Node("const", "Constant", new string[0], new[] { "k" })
                    .Message(5, new Proto().String(1, "value").Message(5, tensor).Varint(20, 4)));
            }

            graph.String(2, "hostile")
                .Message(5, Tensor("w", new long[] { 4, 3, 3, 3 }, withData: true, nan: spec.NaNWeights))
                .Message(5, Tensor("b", new long[] { 4, 10 }, withData: true));
            if (spec.HugeInitializer != null)
            {
                graph.Message(5, Tensor("huge", spec.HugeInitializer, withData: false));
            }

            graph.Message(11, ValueInfo("x", 1, 3, spec.Height, spec.Width)).Message(12, ValueInfo("y", 1, 10));
            var model = new Proto().Varint(1, 7).String(2, "convad-tests").Message(7, graph);
            if (spec.Opset is long opset)
            {
                model.Message(8, new Proto().String(1, "").Varint(2, opset));
            }

            return model.ToArray();
        }

        private static Proto IntAttribute(string name, long value) => new Proto().String(1, name).Varint(3, value).Varint(20, 2);

        private static Proto Tensor(string name, long[] dims, bool withData, bool nan = false)
        {
            var tensor = new Proto();
            foreach (long d in dims)
            {
                tensor.Varint(1, d);
            }

            tensor.Varint(2, Float).String(8, name);
            if (withData)
            {
                long count = dims.Aggregate(1L, (a, d) => a * d);
                var raw = new byte[count * 4];
                for (long i = 0; i < count; i++)
                {
                    raw[i * 4 + 2] = (byte)(nan ? 0xc0 : 0x80 + i % 64); // small, varied, finite weights (or the quiet NaN 0x7fc00000)
                    raw[i * 4 + 3] = (byte)(nan ? 0x7f : 0x3c);
                }

                tensor.Bytes(9, raw);
            }

            return tensor;
        }
    }
}
