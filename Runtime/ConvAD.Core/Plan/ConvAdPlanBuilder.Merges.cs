using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>The rule for branches that meet.</summary>
    internal sealed partial class ConvAdPlanBuilder
    {
        private void VisitMerge(OnnxNode node, List<(string name, int index)> spatialInputs)
        {
            string op = node.OpType;
            SpatialState first = _spatial[spatialInputs[0].name];
            long[] firstDims = Dims(spatialInputs[0].name);
            foreach (var (name, index) in spatialInputs.Skip(1))
            {
                SpatialState s = _spatial[name];
                long[] d = Dims(name);
                if (!s.Layout.Equals(first.Layout) || d[s.Layout.HeightAxis] != firstDims[first.Layout.HeightAxis] || d[s.Layout.WidthAxis] != firstDims[first.Layout.WidthAxis])
                {
                    Fail(node, $"branches on different grids or layouts meet ({first.Layout} {TensorShape.Format(firstDims)} and {s.Layout} {TensorShape.Format(d)})");
                    return;
                }
            }

            if (op == "Concat" || op == "QLinearConcat")
            {
                int axis = ShapeInference.NormaliseAxis(node.Int("axis", 0), first.Layout.Rank);
                if (first.Layout.IsSpatialAxis(axis) || axis == first.Layout.BatchAxis)
                {
                    Fail(node, "concatenates along a spatial or the batch axis");
                    return;
                }

                if (spatialInputs.Count != QuantizedOperands.Data(node).Count(i => i.Length > 0))
                {
                    Fail(node, "concatenates a spatial tensor with a non-spatial one");
                    return;
                }
            }
            else
            {
                // A non-spatial operand must not have the extent of the map (that would be a per-position constant).
                foreach (string other in node.Inputs.Where(i => i.Length > 0 && !_spatial.ContainsKey(i)))
                {
                    long[]? d = _shapes.ShapeOf(other)?.Dims;
                    if (d == null)
                    {
                        Fail(node, $"cannot infer the shape of operand '{other}'");
                        return;
                    }
                }
            }

            int[] masks = spatialInputs.Select(x => _spatial[x.name].Mask).Distinct().OrderBy(m => m).ToArray();
            var checkpoints = new List<PlanCheckpoint>();
            int outMask = masks[0];
            if (masks.Length > 1)
            {
                if (_options.Combination == MaskCombination.Union)
                {
                    if (!OpCatalog.ZeroNeutralMerges.Contains(op))
                    {
                        Fail(node, "the union combination is defined for Add, Sub, Sum and Concat (and their QLinear forms) only");
                        return;
                    }

                    foreach (var (name, index) in spatialInputs)
                    {
                        checkpoints.Add(new PlanCheckpoint(node.Name, index, name, _spatial[name].Mask, Neutral.Zero, _spatial[name].Layout));
                    }
                }

                outMask = AddMask(MaskOrigin.Combined, _masks[masks[0]].Height, _masks[masks[0]].Width, masks, null, node.Name);
            }

            var state = new SpatialState(first.Layout, outMask);
            Propagate(node, state);
            Record(node, NodeRole.BranchMerge, first.Mask, outMask, first.Layout, checkpoints);
        }
    }
}
