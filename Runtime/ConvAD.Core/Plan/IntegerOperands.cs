using System;
using System.Collections.Generic;
using ConvAD.Onnx;

namespace ConvAD.Plan
{
    /// <summary>
    /// ConvInteger and MatMulInteger read raw integers, x − x_zero_point, and write raw int32 sums; the scale that says
    /// what those integers stand for is not one of their inputs (the graph multiplies it in after a Cast). A runtime that
    /// holds every quantized activation as the real value it stands for, (q − z)·s (the GPU runtime), gets the integers
    /// back as value / s, so it needs s at load: the activation must come from a QuantizeLinear or a quantized operator
    /// whose output scale is a weight, possibly through ops that move values without changing them.
    /// </summary>
    internal static class IntegerOperands
    {
        /// <summary>Ops whose output keeps every value of their input's grid: the integers stay the same, only moved.</summary>
        private static readonly HashSet<string> GridKeeping = new HashSet<string>(StringComparer.Ordinal)
        {
            "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Slice", "Split", "Identity", "MaxPool",
        };

        /// <summary>ConvInteger or MatMulInteger.</summary>
        public static bool IsIntegerOp(OnnxNode node) => node.Domain.Length == 0 && node.OpType is "ConvInteger" or "MatMulInteger";

        /// <summary>The input index of the zero point that goes with data input <paramref name="input"/> (0 → 2, 1 → 3).</summary>
        public static int ZeroPointInput(int input) => input + 2;

        /// <summary>
        /// The node that quantized the activation <paramref name="tensor"/> (a QuantizeLinear or a QOperator op, found through
        /// ops that keep its grid), with the input indices of its output scale and zero point; or null and why not.
        /// </summary>
        public static (OnnxNode Node, int ScaleInput, int ZeroInput)? Quantizer(string tensor, Func<string, OnnxNode?> producer, Func<string, bool> isWeight, out string? why)
        {
            string current = tensor;
            while (true)
            {
                OnnxNode? node = producer(current);
                if (node == null)
                {
                    why = $"'{current}' is a graph input, not the output of a QuantizeLinear or a quantized operator";
                    return null;
                }

                if (node.Domain.Length == 0 && GridKeeping.Contains(node.OpType) && node.Inputs.Count > 0)
                {
                    current = node.Input(0);
                    continue;
                }

                if (node.Domain.Length == 0 && node.OpType == "DynamicQuantizeLinear")
                {
                    why = $"its scale is computed from the data by DynamicQuantizeLinear '{node.Name}'";
                    return null;
                }

                int? zero = QuantizedOperands.OutputZeroPoint(node);
                if (zero is not int z)
                {
                    why = $"'{current}' comes from {node.OpType} '{node.Name}', not from a QuantizeLinear or a quantized operator";
                    return null;
                }

                if (!isWeight(node.Input(z - 1)))
                {
                    why = $"the scale '{node.Input(z - 1)}' of {node.OpType} '{node.Name}' is computed in the forward pass, not known at load";
                    return null;
                }

                if (node.Input(z).Length > 0 && !isWeight(node.Input(z)))
                {
                    why = $"the zero point '{node.Input(z)}' of {node.OpType} '{node.Name}' is computed in the forward pass, not known at load";
                    return null;
                }

                why = null;
                return (node, z - 1, z);
            }
        }

        /// <summary>
        /// Throws when a ConvInteger or MatMulInteger reads an activation whose integers a runtime that holds real values
        /// cannot recover (see the class), naming the node, the input and why.
        /// </summary>
        public static void RequireKnownGrids(OnnxNode node, Func<string, OnnxNode?> producer, Func<string, bool> isWeight)
        {
            for (int i = 0; i < 2 && i < node.Inputs.Count; i++)
            {
                string input = node.Input(i);
                if (input.Length == 0 || isWeight(input))
                {
                    continue;
                }

                if (Quantizer(input, producer, isWeight, out string? why) == null)
                {
                    throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): the integers of input '{input}' cannot be recovered: {why}; " +
                        "the GPU runtime holds quantized activations as the real values they stand for and needs their scale at load");
                }

                string zero = node.Input(ZeroPointInput(i));
                if (zero.Length > 0 && !isWeight(zero))
                {
                    throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): the zero point '{zero}' is computed in the forward pass, not known at load");
                }
            }
        }
    }
}
