using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;

namespace ConvAD.Engine
{
    /// <summary>Output corrections: aggregates over present positions only.</summary>
    internal sealed partial class GraphRewriter
    {
        /// <summary>
        /// A global mean over present positions as one batched matrix-vector product: [N, C, HW] × [N, HW, 1]
        /// with weights m / Σm. It reads the activations once, where multiplying by the mask and then
        /// pooling would read, write and read them again. Used when the tensor is not already zero at
        /// deactivated positions (where the pool itself is cheapest).
        /// </summary>
        private bool TryMaskedMeanAsProduct(OnnxNode node, PlanNode plan)
        {
            if (plan.Correction != OutputCorrection.MaskedGlobalMean || plan.Checkpoints.Count != 1)
            {
                return false;
            }

            PlanCheckpoint c = plan.Checkpoints[0];
            long[]? x = _shapes.ShapeOf(c.Tensor)?.Dims;
            long[]? y = _shapes.ShapeOf(node.Outputs[0])?.Dims;
            if (!c.Layout.IsNchw || x == null || y == null || TypeOf(c.Tensor) != TensorElementType.Float || _emit.Opset < 9 ||
                _deactivatedAtProducer.Contains(c.Tensor) || QuantizedSource(c.Tensor, out _, out _))
            {
                return false;
            }

            PlanMask mask = _plan.Masks[c.MaskId];
            long positions = (long)mask.Height * mask.Width;
            string share = _emit.AtLeast(_emit.Node("GlobalAveragePool", new[] { Mask(c.MaskId) }, "present_share"), 1e-6f);
            string total = _emit.Node("Mul", new[] { share, _emit.FloatConstant(TensorElementType.Float, positions) }, "present_count");
            string weights = _emit.Reshape(_emit.Node("Div", new[] { Mask(c.MaskId), total }, "mean_weights"), new long[] { 0, positions, 1 });
            string flat = _emit.Reshape(c.Tensor, new long[] { 0, x[1], positions });
            string mean = _emit.Node("MatMul", new[] { flat, weights }, "masked_mean");
            long[] shape = y.Select(d => d).ToArray();
            shape[0] = 0;
            _emit.Node("Reshape", new[] { mean, _emit.Int64Tensor(shape) }, new[] { node.Outputs[0] });
            Log(c, node, "masked mean as a product: MatMul with the weights m / Σm, deactivated positions weighted 0");
            return true;
        }


        private void Correct(OnnxNode node, PlanNode plan, string raw, string output)
        {
            TensorElementType type = TypeOf(output);
            if (type.IsQuantized())
            {
                CorrectQuantized(node, plan, raw, output);
                return;
            }

            PlanCheckpoint c = plan.Checkpoints[0];
            string factor;
            string op = "Mul";
            switch (plan.Correction)
            {
                case OutputCorrection.ResetDeactivated:
                    factor = MaskFor(plan.OutputMask!.Value, plan.OutputLayout!, type);
                    break;
                case OutputCorrection.MaskedWindowAverage:
                    factor = WindowAverageDenominator(c.MaskId, plan.Geometry!, node.Int("count_include_pad", 0) != 0, type);
                    op = "Div";
                    long channels = Channels(output);
                    if (type == TensorElementType.Float && c.Layout.IsNchw && channels > 0)
                    {
                        // The reciprocal copied per channel: a same-shaped multiply stays in ONNX Runtime's blocked layout,
                        // where dividing by the 1-channel share would reorder the pool's output out of it and back.
                        // Exactly 1 where nothing is masked, so the identity is kept bit for bit.
                        factor = PerChannel(_emit.Node("Reciprocal", new[] { factor }, "window_share_reciprocal"), channels, 1f, "window_share_expanded");
                        op = "Mul";
                    }

                    break;
                case OutputCorrection.MaskedGlobalMean:
                    string share = _emit.AtLeast(_emit.Node("GlobalAveragePool", new[] { Mask(c.MaskId) }, "present_share"), 1e-6f);
                    factor = ShapeLikeAggregate(CastTo(share, type), output);
                    op = "Div";
                    break;
                case OutputCorrection.EmptyIsZero:
                    string any = _emit.Node("Greater", new[] { _emit.Node("GlobalMaxPool", new[] { Mask(c.MaskId) }, "any"), _emit.FloatConstant(TensorElementType.Float, 0f) }, "any");
                    factor = ShapeLikeAggregate(_emit.Cast(any, type), output);
                    break;
                default:
                    throw new InvalidOperationException(plan.Correction.ToString());
            }

            _emit.Node(op, new[] { raw, factor }, new[] { output });
        }

        private string CastTo(string tensor, TensorElementType type) => type == TensorElementType.Float ? tensor : _emit.Cast(tensor, type);

        /// <summary>
        /// The divisor that turns the op's own average of x·m into the average over present positions,
        /// keeping the op's padding convention: 1 − (A(1) − A(m)), exactly 1 when nothing is masked.
        /// </summary>
        private string WindowAverageDenominator(int maskId, PoolGeometry g, bool countIncludePad, TensorElementType type)
        {
            PlanMask source = _plan.Masks[maskId];
            string grid = _emit.FloatConstant(TensorElementType.Float, 1f, new long[] { 1, 1, source.Height, source.Width });
            string all = _emit.AveragePool(grid, g, countIncludePad);
            string present = _emit.AveragePool(Mask(maskId), g, countIncludePad);
            string missing = _emit.Node("Sub", new[] { all, present }, "missing");
            string share = _emit.Node("Sub", new[] { _emit.FloatConstant(TensorElementType.Float, 1f), missing }, "share");
            return CastTo(_emit.AtLeast(share, 1e-6f), type);
        }

        /// <summary>Reshapes an N×1×1×1 factor to broadcast against an aggregate's output (keepdims or not).</summary>
        private string ShapeLikeAggregate(string factor, string output)
        {
            long[]? dims = _shapes.ShapeOf(output)?.Dims;
            if (dims == null || dims.Length == 4)
            {
                return factor;
            }

            long[] shape = Enumerable.Repeat(1L, dims.Length).ToArray();
            shape[0] = 0;
            return _emit.Reshape(factor, shape);
        }
    }
}
