using System;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>
    /// Masked averages of the QOperator pooling ops (com.microsoft QLinearAveragePool, QLinearGlobalAveragePool).
    /// Their output is already rounded to the output scale, so it cannot be divided by the present share afterwards
    /// as a float average is. The masked average is computed as the float op would compute it on the dequantized
    /// input (Σx·m / Σm, the same correction as float) and quantized with the op's own output scale and zero point.
    /// Where nothing in the window (or the image, for the global pool) is deactivated there is nothing to correct and
    /// the op's own output is kept, so the all-ones mask gives the original op's integers exactly, whatever rounding
    /// ONNX Runtime's kernel does. Both branches read only the checkpointed input: no leak either way.
    /// </summary>
    internal sealed partial class GraphRewriter
    {
        private void CorrectQuantized(OnnxNode node, PlanNode plan, string raw, string output)
        {
            PlanCheckpoint c = plan.Checkpoints[0];
            string input = Deactivate(c, node); // the checkpointed input the op itself reads (cached)
            string zeroPoint = node.Inputs.Count > 2 && node.Input(2).Length > 0 ? node.Input(2) : _emit.IntegerScalar(TypeOf(input), 0);
            string real = _emit.Node("DequantizeLinear", new[] { input, node.Input(1), zeroPoint }, "dequantized");
            string share;
            string average;
            switch (plan.Correction)
            {
                case OutputCorrection.MaskedWindowAverage:
                    bool countIncludePad = node.Int("count_include_pad", 0) != 0;
                    share = WindowAverageDenominator(c.MaskId, plan.Geometry!, countIncludePad, TensorElementType.Float);
                    average = _emit.AveragePool(real, plan.Geometry!, countIncludePad);
                    break;
                case OutputCorrection.MaskedGlobalMean:
                    share = _emit.AtLeast(_emit.Node("GlobalAveragePool", new[] { Mask(c.MaskId) }, "present_share"), 1e-6f);
                    average = _emit.Node("GlobalAveragePool", new[] { real }, "pooled");
                    break;
                default:
                    throw new InvalidOperationException($"node '{node.Name}' ({node.OpType}): no quantized form of the correction {plan.Correction}");
            }

            string mean = _emit.Node("Div", new[] { average, share }, "masked_mean");
            string outputZeroPoint = node.Inputs.Count > 4 && node.Input(4).Length > 0 ? node.Input(4) : _emit.IntegerScalar(TypeOf(output), 0);
            string corrected = _emit.Node("QuantizeLinear", new[] { mean, node.Input(3), outputZeroPoint }, "requantized");

            // share is exactly 1 when nothing the output reads is deactivated (1 − 0, or the mean of ones).
            string complete = _emit.Node("Equal", new[] { share, _emit.FloatConstant(TensorElementType.Float, 1f) }, "complete");
            _emit.Node("Where", new[] { complete, raw, corrected }, new[] { output });
        }
    }
}
