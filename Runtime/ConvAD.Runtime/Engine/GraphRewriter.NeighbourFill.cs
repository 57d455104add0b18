using System;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>
    /// Neighbour fill (layer masking, and the stem-fill variant of AD): before a convolution reads a tensor,
    /// its occluded positions take the average of their present 3×3 neighbours, step by step outwards from the
    /// present region, instead of the neutral 0.
    /// </summary>
    internal sealed partial class GraphRewriter
    {
        /// <summary>The tensor a checkpoint hands to its node: deactivated, then neighbour-filled when the plan asks.</summary>
        private string Checkpoint(PlanCheckpoint c, OnnxNode consumer)
        {
            string zeroed = Deactivate(c, consumer);
            if (c.FillSteps == 0)
            {
                return zeroed;
            }

            string key = $"fill|{c.Tensor}|{c.MaskId}|{c.FillSteps}";
            if (_deactivated.TryGetValue(key, out string? done))
            {
                return done;
            }

            TensorElementType type = TypeOf(c.Tensor);
            long channels = Channels(c.Tensor);
            if (!type.IsFloatingPoint() || channels <= 0)
            {
                throw new NotSupportedException($"neighbour fill before '{consumer.Name}' needs a floating-point NCHW tensor with a known channel count");
            }

            return _deactivated[key] = NeighbourFilled(zeroed, c.MaskId, c.Layout, type, channels, c.FillSteps);
        }

        /// <summary>
        /// x ← x + (1 − m)·Σ₃ₓ₃(x) / max(Σ₃ₓ₃(m), 1), then m ← [Σ₃ₓ₃(m) > 0], <paramref name="steps"/> times, from x zero
        /// where occluded. Where m is 0, x is still 0, so each sum runs over filled or present values only: a filled value
        /// is a mean of present values and never of an occluded one (no leak). The windows count in-bounds positions only.
        /// On the all-ones mask every step adds 0·(finite) = 0: the identity is exact.
        /// </summary>
        private string NeighbourFilled(string zeroed, int maskId, SpatialLayout layout, TensorElementType type, long channels, int steps)
        {
            var window = new[]
            {
                new Attr("kernel_shape", Ints: new long[] { 3, 3 }),
                new Attr("pads", Ints: new long[] { 1, 1, 1, 1 }),
            };
            string perChannel = _emit.FloatConstant(type, 1f, new[] { channels, 1, 3, 3 });
            string single = _emit.FloatConstant(type, 1f, new long[] { 1, 1, 3, 3 });
            string one = _emit.FloatConstant(type, 1f);
            string zero = _emit.FloatConstant(type, 0f);
            string x = zeroed;
            string m = MaskFor(maskId, layout, type);
            for (int step = 0; step < steps; step++)
            {
                string sums = _emit.Node("Conv", new[] { x, perChannel }, "neighbour_sums", window[0], window[1], new Attr("group", Int: channels));
                string counts = _emit.Node("Conv", new[] { m, single }, "neighbour_counts", window);
                string mean = _emit.Node("Div", new[] { sums, AtLeastOne(counts, type) }, "neighbour_mean");
                string missing = _emit.Node("Sub", new[] { one, m }, "missing");
                x = _emit.Node("Add", new[] { x, _emit.Node("Mul", new[] { missing, mean }, "fill") }, "filled");
                m = _emit.Cast(_emit.Node("Greater", new[] { counts, zero }, "reached"), type);
            }

            return x;
        }

        /// <summary>max(counts, 1): where no neighbour is present the sums are 0 too, and the fill is 0 instead of 0/0.</summary>
        private string AtLeastOne(string counts, TensorElementType type) =>
            _emit.Opset >= 8
                ? _emit.Node("Max", new[] { counts, _emit.FloatConstant(type, 1f) }, "at_least_one")
                : _emit.Node("Clip", new[] { counts }, "at_least_one", new Attr("min", Float: 1f), new Attr("max", Float: float.MaxValue)); // Max broadcasts from opset 8
    }
}
