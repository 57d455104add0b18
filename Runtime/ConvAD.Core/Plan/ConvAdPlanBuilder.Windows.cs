using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>The rules for ops that read through a window or over all of space.</summary>
    internal sealed partial class ConvAdPlanBuilder
    {
        private void VisitConv(OnnxNode node, List<(string name, int index)> spatialInputs)
        {
            int weightIndex = node.OpType == "QLinearConv" ? 3 : 1;
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            SpatialState state = _spatial[node.Input(0)];
            RequireNchw(node, state);
            long[] x = ImageDims(node, node.Input(0));
            long[] w = Dims(node.Input(weightIndex));
            if (w.Length != 4)
            {
                Fail(node, "only 2-D convolutions are supported");
                return;
            }

            PoolGeometry g = PoolGeometry.FromNode(node, node.Ints("kernel_shape") ?? new[] { w[2], w[3] }, x[2], x[3]);
            if (g.IsPointwise)
            {
                Propagate(node, state);
                Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
                return;
            }

            int fillSteps = FillSteps(state.Mask, g);
            TensorElementType type = _shapes.ShapeOf(node.Input(0))?.ElementType ?? TensorElementType.Undefined;
            if (fillSteps > 0 && !type.IsFloatingPoint())
            {
                // The fill averages neighbours in the tensor's own values; on quantized integers that would need the
                // tensor's scale and zero point, which no fill rule here uses yet.
                Fail(node, $"neighbour fill (layer masking, or AD's neighbour stem fill) needs floating-point activations; this convolution reads a {type.DisplayName()} tensor (a quantized model)");
                return;
            }

            long[] y = ImageDims(node, node.Outputs[0]);
            int outMask = AddMask(MaskOrigin.Propagated, y[2], y[3], new[] { state.Mask }, g, node.Name);
            Propagate(node, new SpatialState(state.Layout, outMask));
            var checkpoint = new PlanCheckpoint(node.Name, 0, node.Input(0), state.Mask, Neutral.Zero, state.Layout, fillSteps);
            Record(node, NodeRole.SpatialMixing, state.Mask, outMask, state.Layout, new[] { checkpoint }, OutputCorrection.None, g);
        }

        /// <summary>
        /// The neighbour-fill steps before a convolution (<see cref="PlanOptions.Fill"/>), or 0. Each 3×3 step
        /// reaches one position further (Chebyshev distance) from the present region; two positions in one window
        /// are at most (k − 1)·d apart, so that many steps fill every position a window with any present position
        /// reads. Further steps would change only positions no present output reads.
        /// </summary>
        private int FillSteps(int mask, PoolGeometry g)
        {
            bool fills = _options.Fill == NeighbourFill.EveryConvolution || (_options.Fill == NeighbourFill.Stem && IsImageMask(mask));
            return fills ? Math.Max((g.Kernel[0] - 1) * g.Dilations[0], (g.Kernel[1] - 1) * g.Dilations[1]) : 0;
        }

        /// <summary>The input mask itself, or it explicitly padded: the grid of the image's own pixels.</summary>
        private bool IsImageMask(int mask) =>
            _masks[mask].Origin == MaskOrigin.Input || (_masks[mask].Origin == MaskOrigin.Padded && IsImageMask(_masks[mask].Sources[0]));

        private void VisitPool(OnnxNode node, SpatialState state)
        {
            if (node.Outputs.Count > 1 && node.Outputs[1].Length > 0 && _consumers.ContainsKey(node.Outputs[1]))
            {
                Fail(node, "the MaxPool indices output is used");
                return;
            }

            if (!state.Layout.IsNchw && PoolsChannelsOnly(node, state.Layout))
            {
                // torch's LocalResponseNorm: a 3-D pool with kernel (size, 1, 1) over [N, 1, C, H, W]; each position on its own.
                Propagate(node, state);
                Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
                return;
            }

            RequireNchw(node, state);

            long[] x = ImageDims(node, node.Input(0));
            long[] kernel = node.Ints("kernel_shape") ?? throw new GraphException(node.Name, node.OpType, "kernel_shape is missing");
            PoolGeometry g = PoolGeometry.FromNode(node, kernel, x[2], x[3]);
            if (g.HasDilation && g.CeilMode)
            {
                Fail(node, "pooling with both dilation and ceil_mode is not supported");
                return;
            }

            if (g.HasPaddingOnlyWindows(x[2], x[3]))
            {
                // A Conv's windows over padding only have a defined mask (ConvAD's GraphRewriter); a pool's would also need
                // its output corrected there, and ONNX Runtime refuses such a pool in the original model already.
                Fail(node, $"some windows read only padding ({g}: pads not smaller than the kernel); ONNX Runtime refuses such a pooling too");
                return;
            }

            long[] y = ImageDims(node, node.Outputs[0]);
            bool max = node.OpType == "MaxPool";
            int outMask = g.IsPointwise ? state.Mask : AddMask(MaskOrigin.Propagated, y[2], y[3], new[] { state.Mask }, g, node.Name);
            _spatial[node.Outputs[0]] = new SpatialState(state.Layout, outMask);
            if (g.IsPointwise)
            {
                Record(node, NodeRole.Pointwise, state.Mask, outMask, state.Layout);
                return;
            }

            var checkpoint = new PlanCheckpoint(node.Name, 0, node.Input(0), state.Mask, max ? Neutral.Lowest : Neutral.Zero, state.Layout);
            Record(node, NodeRole.SpatialMixing, state.Mask, outMask, state.Layout, new[] { checkpoint },
                max ? OutputCorrection.ResetDeactivated : OutputCorrection.MaskedWindowAverage, g);
        }

        /// <summary>
        /// Whether a pooling leaves the spatial axes alone: the batch first, H and W pooled axes with a window of one
        /// position (kernel 1, stride 1, dilation 1, no padding), so it mixes only the other axes (channels).
        /// </summary>
        private static bool PoolsChannelsOnly(OnnxNode node, SpatialLayout layout)
        {
            long[]? kernel = node.Ints("kernel_shape");
            int rank = layout.Rank;
            if (kernel == null || kernel.Length != rank - 2 || layout.BatchAxis != 0 || layout.HeightAxis < 2 || layout.WidthAxis < 2)
            {
                return false;
            }

            long[] strides = node.Ints("strides") ?? new long[0];
            long[] dilations = node.Ints("dilations") ?? new long[0];
            long[] pads = node.Ints("pads") ?? new long[0];
            string autoPad = node.String("auto_pad", "NOTSET");
            bool Trivial(int axis)
            {
                int a = axis - 2;
                return kernel[a] == 1 && (strides.Length <= a || strides[a] == 1) && (dilations.Length <= a || dilations[a] == 1) &&
                    (autoPad is "NOTSET" or "VALID" ? pads.Length <= a || (pads[a] == 0 && pads[a + kernel.Length] == 0) : true);
            }

            return Trivial(layout.HeightAxis) && Trivial(layout.WidthAxis);
        }

        private void VisitAggregate(OnnxNode node, SpatialState state, string kind)
        {
            foreach (string o in node.Outputs)
            {
                _spatial.Remove(o);
            }

            var checkpoint = new PlanCheckpoint(node.Name, 0, node.Input(0), state.Mask, kind == "max" ? Neutral.Lowest : Neutral.Zero, state.Layout);
            OutputCorrection correction = kind == "max" ? OutputCorrection.EmptyIsZero : kind == "mean" && _options.RenormaliseGlobalMean ? OutputCorrection.MaskedGlobalMean : OutputCorrection.None;
            Record(node, NodeRole.GlobalAggregate, state.Mask, null, null, new[] { checkpoint }, correction);
        }

        private void VisitReduce(OnnxNode node, SpatialState state)
        {
            long[] x = Dims(node.Input(0));
            long[]? axes = _shapes.ReduceAxes(node, x.Length);
            if (axes == null)
            {
                Fail(node, "the reduced axes are not static");
                return;
            }

            bool h = axes.Contains(state.Layout.HeightAxis);
            bool w = axes.Contains(state.Layout.WidthAxis);
            if (axes.Contains(state.Layout.BatchAxis))
            {
                Fail(node, "reduces over the batch axis");
                return;
            }

            if (h && w)
            {
                if (axes.Length != 2 && node.OpType != "ReduceMax")
                {
                    Fail(node, "reduces over space and channels at once");
                    return;
                }

                if (state.Layout.BatchAxis != 0)
                {
                    Fail(node, "aggregates a tensor whose batch axis is not the first");
                    return;
                }

                VisitAggregate(node, state, node.OpType == "ReduceMax" ? "max" : node.OpType == "ReduceMean" ? "mean" : "sum");
                return;
            }

            if (h || w)
            {
                Fail(node, "reduces over one spatial axis only");
                return;
            }

            // A reduction over channels only is position by position.
            SpatialLayout layout = node.Int("keepdims", 1) != 0 ? state.Layout : RemoveAxes(state.Layout, axes);
            _spatial[node.Outputs[0]] = new SpatialState(layout, state.Mask);
            Record(node, NodeRole.Pointwise, state.Mask, state.Mask, layout);
        }

        private static SpatialLayout RemoveAxes(SpatialLayout layout, long[] removed)
        {
            int Shift(int axis) => axis - removed.Count(r => r < axis);
            return new SpatialLayout(layout.Rank - removed.Length, Shift(layout.BatchAxis), Shift(layout.HeightAxis), Shift(layout.WidthAxis));
        }
    }
}
