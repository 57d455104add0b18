using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;

namespace ConvAD.Validation
{
    /// <summary>The attribute domains ONNX gives the ops the plan reads: windows (Conv, pools), Gemm, Reshape.</summary>
    internal partial class ModelValidator
    {
        /// <summary>Ops that slide a window, with the input index of their weights (-1: none).</summary>
        private static readonly Dictionary<string, int> WindowOps = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["Conv"] = 1, ["ConvInteger"] = 1, ["QLinearConv"] = 3, ["ConvTranspose"] = 1,
            ["MaxPool"] = -1, ["AveragePool"] = -1, ["LpPool"] = -1,
        };

        private static readonly HashSet<string> AutoPads = new HashSet<string>(StringComparer.Ordinal) { "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID" };

        private static void CheckAttributes(OnnxNode node, OnnxGraph graph)
        {
            if (WindowOps.TryGetValue(node.OpType, out int weightIndex))
            {
                CheckWindow(node, weightIndex < 0 ? null : Initializer(graph, node.Input(weightIndex)));
            }
            else if (node.OpType == "Gemm")
            {
                CheckFlag(node, "transA");
                CheckFlag(node, "transB");
                foreach (OnnxTensor t in new[] { Initializer(graph, node.Input(0)), Initializer(graph, node.Input(1)) }.OfType<OnnxTensor>())
                {
                    if (t.Dims.Length != 2)
                    {
                        throw Invalid(node.Name, node.OpType, $"Gemm multiplies matrices; '{t.Name}' has {t.Dims.Length} dimensions");
                    }
                }
            }
            else if (node.OpType == "MatMul")
            {
                foreach (OnnxTensor t in new[] { Initializer(graph, node.Input(0)), Initializer(graph, node.Input(1)) }.OfType<OnnxTensor>())
                {
                    if (t.Dims.Length == 0)
                    {
                        throw Invalid(node.Name, node.OpType, $"MatMul needs operands of at least one dimension; '{t.Name}' is a scalar");
                    }
                }
            }
            else if (node.OpType == "Reshape")
            {
                CheckReshape(node, graph);
            }
        }

        private static void CheckWindow(OnnxNode node, OnnxTensor? weights)
        {
            long group = 1;
            if (node.OpType != "MaxPool" && node.OpType != "AveragePool" && node.OpType != "LpPool")
            {
                group = IntAttribute(node, "group", 1);
                if (group < 1 || group > ModelLimits.MaxDimension)
                {
                    throw Invalid(node.Name, node.OpType, $"group is {group}; it must be at least 1");
                }
            }

            long[]? kernel = IntsAttribute(node, "kernel_shape");
            if (weights != null)
            {
                if (weights.Dims.Length < 3)
                {
                    throw Invalid(node.Name, node.OpType, $"weights '{weights.Name}' have {weights.Dims.Length} dimensions; a convolution's have at least 3");
                }

                // Conv weights are [M, C/group, k…]: M splits into the groups. ConvTranspose's are [C, M/group, k…].
                if (weights.Dims[0] % group != 0)
                {
                    throw Invalid(node.Name, node.OpType, $"group {group} does not divide the {weights.Dims[0]} {(node.OpType == "ConvTranspose" ? "input" : "output")} channels of weights '{weights.Name}'");
                }

                long[] weightKernel = weights.Dims.Skip(2).ToArray();
                if (kernel != null && !kernel.SequenceEqual(weightKernel))
                {
                    throw Invalid(node.Name, node.OpType, $"kernel_shape [{string.Join(",", kernel)}] differs from the weights' [{string.Join(",", weightKernel)}]");
                }

                kernel ??= weightKernel;
            }
            else if (kernel == null && WindowOps[node.OpType] < 0)
            {
                throw Invalid(node.Name, node.OpType, "kernel_shape is required");
            }

            long[]? strides = IntsAttribute(node, "strides");
            long[]? dilations = IntsAttribute(node, "dilations");
            long[]? pads = IntsAttribute(node, "pads");
            int rank = kernel?.Length ?? strides?.Length ?? dilations?.Length ?? (pads == null ? 0 : pads.Length / 2);
            CheckValues(node, "kernel_shape", kernel, rank, 1);
            CheckValues(node, "strides", strides, rank, 1);
            CheckValues(node, "dilations", dilations, rank, 1);
            CheckValues(node, "pads", pads, 2 * rank, 0);
            string autoPad = node.String("auto_pad", "NOTSET");
            if (!AutoPads.Contains(autoPad))
            {
                throw Invalid(node.Name, node.OpType, $"auto_pad '{autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            }

            CheckFlag(node, "ceil_mode");
        }

        /// <summary>A window attribute: as many values as the window has axes, each in [minimum, MaxDimension].</summary>
        private static void CheckValues(OnnxNode node, string name, long[]? values, int count, long minimum)
        {
            if (values == null)
            {
                return;
            }

            if (values.Length != count)
            {
                throw Invalid(node.Name, node.OpType, $"{name} has {values.Length} values; this {count / (name == "pads" ? 2 : 1)}-D window needs {count}");
            }

            foreach (long v in values)
            {
                if (v < minimum)
                {
                    throw Invalid(node.Name, node.OpType, $"{name} [{string.Join(",", values)}] holds {v}; {(minimum == 0 ? "pads are not negative" : name + " are at least 1")}");
                }

                if (v > ModelLimits.MaxDimension)
                {
                    throw OverLimit(node.Name, node.OpType, $"{name} [{string.Join(",", values)}] holds {v}, over the limit of {ModelLimits.MaxDimension}");
                }
            }
        }

        private static void CheckReshape(OnnxNode node, OnnxGraph graph)
        {
            long allowZero = IntAttribute(node, "allowzero", 0);
            if (allowZero != 0 && allowZero != 1)
            {
                throw Invalid(node.Name, node.OpType, $"allowzero is {allowZero}; it is 0 or 1");
            }

            long[]? shape = Initializer(graph, node.Input(1))?.Int64Values;
            if (shape == null)
            {
                return;
            }

            if (shape.Count(d => d == -1) > 1 || shape.Any(d => d < -1))
            {
                throw Invalid(node.Name, node.OpType, $"target shape [{string.Join(",", shape)}] may hold one -1 and no other negative value");
            }

            if (allowZero == 1 && shape.Contains(-1) && shape.Contains(0))
            {
                throw Invalid(node.Name, node.OpType, $"target shape [{string.Join(",", shape)}] holds both -1 and 0 with allowzero = 1");
            }
        }

        private static void CheckFlag(OnnxNode node, string name)
        {
            long value = IntAttribute(node, name, 0);
            if (value != 0 && value != 1)
            {
                throw Invalid(node.Name, node.OpType, $"{name} is {value}; it is 0 or 1");
            }
        }

        /// <summary>An INT attribute; one of another type is an error, not a silent default.</summary>
        private static long IntAttribute(OnnxNode node, string name, long fallback)
        {
            if (!node.Attributes.TryGetValue(name, out OnnxAttribute? a))
            {
                return fallback;
            }

            return a.Type == AttributeType.Int ? a.I : throw Invalid(node.Name, node.OpType, $"attribute '{name}' is of type {a.Type}; ONNX defines it as an INT");
        }

        /// <summary>An INTS attribute; one of another type is an error, not a silent default.</summary>
        private static long[]? IntsAttribute(OnnxNode node, string name)
        {
            if (!node.Attributes.TryGetValue(name, out OnnxAttribute? a))
            {
                return null;
            }

            return a.Type == AttributeType.Ints ? a.Ints : throw Invalid(node.Name, node.OpType, $"attribute '{name}' is of type {a.Type}; ONNX defines it as INTS");
        }

        private static OnnxTensor? Initializer(OnnxGraph graph, string name) =>
            name.Length > 0 && graph.Initializers.TryGetValue(name, out OnnxTensor? t) ? t : null;
    }
}
