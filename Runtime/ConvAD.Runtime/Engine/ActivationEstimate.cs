using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;

namespace ConvAD.Engine
{
    /// <summary>
    /// A per-image estimate of what ONNX Runtime allocates for activations, from the plan's inferred shapes: the largest
    /// sum over one node of its computed inputs and outputs, 4 bytes a value. A lower bound, not a prediction (ONNX
    /// Runtime keeps more alive across branches and adds its own workspace); it is there so that a batch of images
    /// whose activations dwarf their inputs (a large input with wide early layers) is split like one with large inputs.
    /// </summary>
    internal static class ActivationEstimate
    {
        // Far below long.MaxValue, so that sums of a few saturated terms cannot overflow.
        private const long Saturated = long.MaxValue / 16;

        public static long PeakBytesPerImage(OnnxModel graph, ConvAdPlan plan)
        {
            ShapeInference? shapes = plan.Shapes;
            if (shapes == null || plan.Input == null)
            {
                return 0;
            }

            long batch = Math.Max(1, plan.Input.Shape[plan.Input.Layout.BatchAxis]);
            long peak = 0;
            foreach (OnnxNode node in plan.Order)
            {
                long sum = 0;
                foreach (string name in node.Inputs.Concat(node.Outputs).Distinct())
                {
                    if (name.Length == 0 || graph.Graph.Initializers.ContainsKey(name))
                    {
                        continue;
                    }

                    sum = Math.Min(Saturated, sum + Bytes(shapes.ShapeOf(name), batch));
                }

                peak = Math.Max(peak, sum);
            }

            return peak;
        }

        /// <summary>One image's share of a tensor: its values (unknown extents taken as 1) over the declared batch, 4 bytes each.</summary>
        private static long Bytes(TensorShape? shape, long batch)
        {
            if (shape?.Dims == null)
            {
                return 0;
            }

            long values = 1;
            foreach (long d in shape.Dims)
            {
                values = d > 0 && values > Saturated / d ? Saturated : values * Math.Max(1, d);
            }

            return Math.Min(Saturated, values / batch * sizeof(float));
        }
    }
}
