using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Validation
{
    /// <summary>
    /// The rules of ONNX that need the tensors' shapes: a convolution's input channels are its group times its weights'
    /// channels, and a matrix product's inner dimensions agree. ONNX Runtime refuses such a model when it loads it; the plan
    /// builder checks them as soon as shapes are inferred, so no engine, and no generated class, is built on one.
    /// </summary>
    internal partial class ModelValidator
    {
        /// <summary>Throws <see cref="ModelValidationException"/> for the first node whose shapes break a rule.</summary>
        public static void CheckShapes(OnnxModel model, ShapeInference shapes)
        {
            foreach (OnnxNode node in model.Graph.Nodes)
            {
                if (node.Domain.Length != 0)
                {
                    continue;
                }

                switch (node.OpType)
                {
                    case "Conv":
                    case "ConvInteger":
                        CheckConvChannels(node, shapes, 1);
                        break;
                    case "QLinearConv":
                        CheckConvChannels(node, shapes, 3);
                        break;
                    case "Gemm":
                        CheckGemm(node, shapes);
                        break;
                    case "MatMul":
                    case "MatMulInteger":
                        CheckMatMul(node, shapes);
                        break;
                }
            }
        }

        private static void CheckConvChannels(OnnxNode node, ShapeInference shapes, int weightIndex)
        {
            long[]? x = shapes.ShapeOf(node.Input(0))?.Dims;
            long[]? w = shapes.ShapeOf(node.Input(weightIndex))?.Dims;
            if (x == null || w == null || x.Length < 3 || w.Length < 3 || x[1] <= 0 || w[1] <= 0)
            {
                return;
            }

            long group = node.Int("group", 1);
            if (x[1] != w[1] * group)
            {
                throw Invalid(node.Name, node.OpType,
                    $"its input '{node.Input(0)}' has {x[1]} channels, but group {group} × the weights' {w[1]} input channels is {w[1] * group}");
            }
        }

        private static void CheckGemm(OnnxNode node, ShapeInference shapes)
        {
            long[]? a = shapes.ShapeOf(node.Input(0))?.Dims;
            long[]? b = shapes.ShapeOf(node.Input(1))?.Dims;
            if (a == null || b == null || a.Length != 2 || b.Length != 2)
            {
                return;
            }

            long inner = node.Int("transA", 0) != 0 ? a[0] : a[1];
            long other = node.Int("transB", 0) != 0 ? b[1] : b[0];
            if (inner > 0 && other > 0 && inner != other)
            {
                throw Invalid(node.Name, node.OpType, $"it multiplies {inner} columns by {other} rows ('{node.Input(0)}' [{string.Join(",", a)}], '{node.Input(1)}' [{string.Join(",", b)}])");
            }
        }

        private static void CheckMatMul(OnnxNode node, ShapeInference shapes)
        {
            long[]? a = shapes.ShapeOf(node.Input(0))?.Dims;
            long[]? b = shapes.ShapeOf(node.Input(1))?.Dims;
            if (a == null || b == null || a.Length < 2 || b.Length < 2)
            {
                return;
            }

            long inner = a[a.Length - 1], other = b[b.Length - 2];
            if (inner > 0 && other > 0 && inner != other)
            {
                throw Invalid(node.Name, node.OpType, $"it multiplies {inner} columns by {other} rows ('{node.Input(0)}' [{string.Join(",", a)}], '{node.Input(1)}' [{string.Join(",", b)}])");
            }
        }
    }
}
