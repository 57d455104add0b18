using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>Reductions and normalisation. A reduction over a tensor's two spatial axes is a global pool, masked under ConvAD.</summary>
    public sealed partial class GpuLayers
    {
        /// <summary>Mean over 'axes'; over H and W with the input's mask, the mean over present positions (0 when none).</summary>
        public DeviceTensor ReduceMean(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => ReduceCore(x, Kernels.ReduceMean));

        /// <summary>Sum over 'axes' (not under a mask: a masked reduction over H and W must be a mean or a max).</summary>
        public DeviceTensor ReduceSum(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => ReduceCore(x, Kernels.ReduceSum));

        /// <summary>Maximum over 'axes'; over H and W with the input's mask, the maximum over present positions (0 when none).</summary>
        public DeviceTensor ReduceMax(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => ReduceCore(x, Kernels.ReduceMax));

        /// <summary>Minimum over 'axes' (not under a mask: a masked reduction over H and W must be a mean or a max).</summary>
        public DeviceTensor ReduceMin(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x => ReduceCore(x, Kernels.ReduceMin));

        /// <summary>Normalisation over the trailing axes from 'axis' (opset 17), with scale and optional bias.</summary>
        public DeviceTensor LayerNormalization(string node, params DeviceTensor?[] inputs) => Layer(node, inputs, x =>
        {
            long[] s = x[0].Shape;
            int axis = ShapeInference.NormaliseAxis(x.Node.Int("axis", -1), s.Length);
            int length = checked((int)s.Skip(axis).Aggregate(1L, (a, d) => a * d));
            DeviceTensor scale = x[1];
            DeviceTensor? bias = x.Has(2) ? x[2] : null;
            if (scale.Length != length || (bias != null && bias.Length != length))
            {
                throw new NotSupportedException($"node '{x.Node.Name}' (LayerNormalization): scale and bias must hold {length} values (broadcast ones are not supported)");
            }

            var p = new LayerNormParams { Length = length, HasBias = bias != null ? 1 : 0, Epsilon = x.Node.Float("epsilon", 1e-5f) };
            DeviceTensor y = Allocate(s);
            ArrayView<float> xs = x[0].View, ss = scale.View, bs = bias?.View ?? Dummy, ys = y.View;
            int rows = y.Length / length;
            Launch(() => _kernels.LayerNorm(rows, xs, ss, bs, ys, p));
            return y;
        });

        private DeviceTensor ReduceCore(LayerInputs x, int op)
        {
            DeviceTensor input = x[0];
            long[] s = input.Shape;
            long[] axes = Plan.Shapes!.ReduceAxes(x.Node, s.Length) ?? throw new NotSupportedException($"node '{x.Node.Name}' ({x.Node.OpType}): the axes are not static");
            bool keep = x.Node.Int("keepdims", 1) != 0;
            long[] shape = Enumerable.Range(0, s.Length).Where(d => keep || !axes.Contains(d)).Select(d => axes.Contains(d) ? 1 : s[d]).ToArray();
            if (axes.Length == 0)
            {
                return input;
            }

            SpatialLayout layout = _model.LayoutOf(input.Source);
            bool spatial = axes.Length == 2 && axes.Contains(layout.HeightAxis) && axes.Contains(layout.WidthAxis) && s.Length == 4;
            if (x.Mask != null || (spatial && op is Kernels.ReduceMean or Kernels.ReduceMax))
            {
                bool nchw = layout.IsNchw, nhwc = layout.Equals(SpatialLayout.Nhwc);
                if (!spatial || !(nchw || nhwc) || op is Kernels.ReduceSum or Kernels.ReduceMin)
                {
                    throw new NotSupportedException($"node '{x.Node.Name}' ({x.Node.OpType}): a masked reduction is supported over the H and W axes of an NCHW or NHWC tensor (mean or max)");
                }

                return new DeviceTensor(GlobalPool(input, op == Kernels.ReduceMax, x.Mask, nhwc).Buffer, shape);
            }

            ReducePlan plan = ReducePlan.Build(s, axes.Select(a => (int)a).ToArray());
            DeviceTensor y = Allocate(shape);
            ArrayView<float> xs = input.View, ys = y.View;
            ArrayView<int> meta = Upload(plan.Meta);
            int count = plan.Count;
            Launch(() => _kernels.Reduce(count, xs, ys, meta, op));
            return y;
        }
    }
}
