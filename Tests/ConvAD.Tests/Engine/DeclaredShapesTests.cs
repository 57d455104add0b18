using System.Collections.Generic;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// Both rewritten graphs declare the shape of every spatial tensor with the batch symbolic. ONNX Runtime's own inference
    /// loses shapes after a Slice whose bounds are computed from Shape (torch's channel split), and then keeps element-wise
    /// ops out of its blocked-layout fusions: ShuffleNetV2's ReLU-bias adds ran as passes of their own (docs/performance.md).
    /// </summary>
    public sealed class DeclaredShapesTests
    {
        [Fact]
        public void Spatial_tensors_are_declared_with_a_symbolic_batch_in_both_graphs()
        {
            using ConvAdModel model = ConvAdModel.Load(FixtureModels.Pattern("shuffle_dynamic_batch.onnx"));
            OnnxModel original = OnnxReader.Read(FixtureModels.Pattern("shuffle_dynamic_batch.onnx"));
            string[] splits = original.Graph.Nodes.Where(n => n.OpType is "Slice" or "Split").SelectMany(n => n.Outputs).ToArray();
            Assert.NotEmpty(splits);

            foreach (byte[] graph in new[] { model.ExportConvAdModel(), model.ExportPlainModel() })
            {
                Dictionary<string, OnnxValueInfo> declared = OnnxReader.Read(graph).Graph.ValueInfos.ToDictionary(v => v.Name);
                foreach (string split in splits)
                {
                    Assert.True(declared.ContainsKey(split), $"'{split}' (a channel split) is not declared");
                }

                foreach (OnnxValueInfo v in declared.Values)
                {
                    Dim[] d = v.Shape!;
                    Assert.Equal(4, d.Length);
                    Assert.Equal("N", d[0].Param);
                    Assert.All(d.Skip(1), x => Assert.True(x.Value > 0, $"{v.Name}: a dimension other than the batch is not fixed"));
                }
            }
        }
    }
}
