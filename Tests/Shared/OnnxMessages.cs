namespace ConvAD.Tests
{
    /// <summary>
    /// The ONNX messages the tests' hand-built models share (HostileModels, the generator tests' OnnxBuilder, the property
    /// tests' RandomChain, PaddingOnlyModels): a node with INTS attributes, a float value_info, a float initializer, and the
    /// model around a graph.
    /// </summary>
    internal static class OnnxMessages
    {
        private const int Float = 1;

        /// <summary>A NodeProto; each attribute is a list of ints (AttributeProto type INTS).</summary>
        public static Proto Node(string name, string op, string[] inputs, string[] outputs, params (string Name, long[] Ints)[] attributes)
        {
            var node = new Proto();
            foreach (string i in inputs)
            {
                node.String(1, i);
            }

            foreach (string o in outputs)
            {
                node.String(2, o);
            }

            node.String(3, name).String(4, op);
            foreach ((string attributeName, long[] ints) in attributes)
            {
                var attribute = new Proto().String(1, attributeName);
                foreach (long v in ints)
                {
                    attribute.Varint(8, v);
                }

                node.Message(5, attribute.Varint(20, 7));
            }

            return node;
        }

        /// <summary>A float TensorProto initializer of <paramref name="dims"/>, element i being <paramref name="value"/>(i), as raw data.</summary>
        public static Proto FloatTensor(string name, long[] dims, System.Func<long, float> value)
        {
            var tensor = new Proto();
            foreach (long d in dims)
            {
                tensor.Varint(1, d);
            }

            long count = 1;
            foreach (long d in dims)
            {
                count *= d;
            }

            using var raw = new System.IO.MemoryStream();
            for (long i = 0; i < count; i++)
            {
                raw.Write(System.BitConverter.GetBytes(value(i)));
            }

            return tensor.Varint(2, Float).String(8, name).Bytes(9, raw.ToArray());
        }

        /// <summary>A ModelProto (IR version 7, default-domain opset 13) around <paramref name="graph"/>.</summary>
        public static byte[] Model(Proto graph) =>
            new Proto().Varint(1, 7).String(2, "convad-tests").Message(7, graph).Message(8, new Proto().String(1, "").Varint(2, 13)).ToArray();

        /// <summary>A float ValueInfoProto; each dimension is a number, or a name for a symbolic one.</summary>
        public static Proto ValueInfo(string name, params object[] shape)
        {
            var dims = new Proto();
            foreach (object d in shape)
            {
                dims.Message(1, d is string param ? new Proto().String(2, param) : new Proto().Varint(1, System.Convert.ToInt64(d)));
            }

            var tensorType = new Proto().Varint(1, Float).Message(2, dims);
            return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
        }
    }
}
