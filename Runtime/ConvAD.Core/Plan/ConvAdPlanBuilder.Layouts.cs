using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>The rules for ops that move axes or act on channels only: the mask follows the spatial axes.</summary>
    internal sealed partial class ConvAdPlanBuilder
    {
        private void VisitTranspose(OnnxNode node, SpatialState state)
        {
            long[] perm = node.Ints("perm") ?? Enumerable.Range(0, state.Layout.Rank).Reverse().Select(i => (long)i).ToArray();
            int NewAxis(int old) => Array.IndexOf(perm, (long)old);
            var layout = new SpatialLayout(state.Layout.Rank, NewAxis(state.Layout.BatchAxis), NewAxis(state.Layout.HeightAxis), NewAxis(state.Layout.WidthAxis));
            _spatial[node.Outputs[0]] = new SpatialState(layout, state.Mask);
            Record(node, NodeRole.Layout, state.Mask, state.Mask, layout);
        }

        private void VisitChannelSlice(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            long[] axes;
            if (node.OpType == "Split")
            {
                axes = new long[] { ShapeInference.NormaliseAxis(node.Int("axis", 0), state.Layout.Rank) };
            }
            else
            {
                long[]? a = node.Inputs.Count > 1 ? (node.Inputs.Count > 3 && node.Input(3).Length > 0 ? _shapes.ConstantOf(node.Input(3)) : null) : node.Ints("axes");
                long[]? starts = node.Inputs.Count > 1 ? _shapes.ConstantOf(node.Input(1)) : node.Ints("starts");
                if (starts == null || (a == null && node.Inputs.Count > 3 && node.Input(3).Length > 0))
                {
                    Fail(node, "slice bounds are not static");
                    return;
                }

                axes = (a ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray()).Select(x => (long)ShapeInference.NormaliseAxis(x, state.Layout.Rank)).ToArray();
            }

            if (axes.Any(a => state.Layout.IsSpatialAxis((int)a) || a == state.Layout.BatchAxis))
            {
                Fail(node, "slices along a spatial or the batch axis");
                return;
            }

            Propagate(node, state);
            Record(node, NodeRole.Layout, state.Mask, state.Mask, state.Layout);
        }

        private void VisitChannelNormalisation(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            int rank = state.Layout.Rank;
            bool layerNorm = node.OpType == "LayerNormalization";
            // QLinearSoftmax names the softmax opset it follows in its own attribute (its axis defaults to -1).
            bool quantized = node.OpType == "QLinearSoftmax";
            long opset = quantized ? node.Int("opset", 13) : _model.DefaultOpset;
            long defaultAxis = layerNorm || quantized || opset >= 13 ? -1 : 1;
            int axis = ShapeInference.NormaliseAxis(node.Int("axis", defaultAxis), rank);
            // LayerNorm and pre-13 softmax cover every axis from 'axis' on; softmax 13+ covers only 'axis'.
            bool coversTail = layerNorm || opset < 13;
            IEnumerable<int> covered = coversTail ? Enumerable.Range(axis, rank - axis) : new[] { axis };
            if (covered.Any(a => state.Layout.IsSpatialAxis(a) || a == state.Layout.BatchAxis))
            {
                Fail(node, $"normalises over a spatial axis (axis {axis} of a {state.Layout} tensor)");
                return;
            }

            Propagate(node, state);
            Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
        }

        private void VisitMatMul(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            long[] b = Dims(node.Input(node.OpType == "QLinearMatMul" ? 3 : 1));
            if (spatialInputs.Any(x => x.index != 0) || b.Length != 2 || state.Layout.IsSpatialAxis(state.Layout.Rank - 1))
            {
                Fail(node, "a matrix product over a spatial axis mixes positions");
                return;
            }

            // [.., H, W, C] × [C, K]: each position is transformed on its own.
            _spatial[node.Outputs[0]] = state;
            Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
        }

        private void VisitPad(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            long[]? pads = node.Ints("pads") ?? _shapes.ConstantOf(node.Input(1));
            long[]? axes = node.Inputs.Count > 3 && node.Input(3).Length > 0 ? _shapes.ConstantOf(node.Input(3)) : null;
            if (pads == null || (node.Inputs.Count > 3 && node.Input(3).Length > 0 && axes == null))
            {
                Fail(node, "the padding is not static");
                return;
            }

            int rank = state.Layout.Rank;
            long[] padded = (axes ?? Enumerable.Range(0, rank).Select(i => (long)i).ToArray()).Select(a => (long)ShapeInference.NormaliseAxis(a, rank)).ToArray();
            int half = pads.Length / 2;
            long Before(int axis) => Array.IndexOf(padded, (long)axis) is int k && k >= 0 && k < half ? pads[k] : 0;
            long After(int axis) => Array.IndexOf(padded, (long)axis) is int k && k >= 0 && k < half ? pads[k + half] : 0;
            SpatialLayout l = state.Layout;
            if (Before(l.BatchAxis) != 0 || After(l.BatchAxis) != 0)
            {
                Fail(node, "pads the batch axis");
                return;
            }

            long top = Before(l.HeightAxis), left = Before(l.WidthAxis), bottom = After(l.HeightAxis), right = After(l.WidthAxis);
            if (top == 0 && left == 0 && bottom == 0 && right == 0)
            {
                // Padding channels only adds constant channels; each position is still read on its own.
                Propagate(node, state);
                Record(node, NodeRole.Pointwise, state.Mask, state.Mask, state.Layout);
                return;
            }

            if (top < 0 || left < 0 || bottom < 0 || right < 0)
            {
                Fail(node, "a negative padding (a crop) of a spatial axis is not supported");
                return;
            }

            string mode = node.String("mode", "constant");
            if (mode != "constant" && mode != "reflect" && mode != "edge")
            {
                Fail(node, $"spatial padding in mode '{mode}' is not supported (constant, reflect and edge are)");
                return;
            }

            // The mask is padded like the data: a reflected or replicated position is present exactly when the position it
            // copies is. A constant position copies no position; it takes the mask of the edge position it borders
            // (docs/architecture.md, "Explicit padding").
            var padding = new MaskPadding((int)top, (int)left, (int)bottom, (int)right, mode == "reflect" ? MaskPadMode.Reflect : MaskPadMode.Edge);
            long[] y = Dims(node.Outputs[0]);
            int outMask = AddMask(MaskOrigin.Padded, y[l.HeightAxis], y[l.WidthAxis], new[] { state.Mask }, null, node.Name, padding);
            _spatial[node.Outputs[0]] = new SpatialState(l, outMask);
            Record(node, NodeRole.Layout, state.Mask, outMask, l);
        }

        private void VisitReshape(OnnxNode node, List<(string name, int index)> spatialInputs, SpatialState state)
        {
            RequireOnlyDataInputSpatial(node, spatialInputs, 0);
            long[] x = Dims(node.Input(0));
            long[] y = Dims(node.Outputs[0]);
            SpatialLayout? layout = ReshapeLayout.Follow(x, state.Layout, y);
            if (layout != null)
            {
                _spatial[node.Outputs[0]] = new SpatialState(layout, state.Mask);
                Record(node, NodeRole.Layout, state.Mask, state.Mask, layout);
                return;
            }

            // Space is folded into features: deactivated positions must be 0 before they become features.
            var checkpoint = new PlanCheckpoint(node.Name, 0, node.Input(0), state.Mask, Neutral.Zero, state.Layout);
            Record(node, NodeRole.FoldsSpace, state.Mask, null, null, new[] { checkpoint });
        }
    }
}
