using System;
using System.Linq;
using ConvAD.Plan;
using ConvAD.Shapes;
using ILGPU;

namespace ConvAD.Gpu
{
    public sealed partial class GpuLayers
    {
        /// <summary>
        /// Plan mask <paramref name="maskId"/>: <paramref name="source"/> through the window that created it,
        /// present where the share of present, in-bounds positions Φ passes the threshold τ (as the engine).
        /// </summary>
        public DeviceTensor? PropagateMask(int maskId, DeviceTensor? source)
        {
            if (source == null)
            {
                return null;
            }

            PlanMask mask = PlanMaskOf(maskId, MaskOrigin.Propagated);
            PoolGeometry g = mask.Geometry!;
            PropagationThreshold tau = Plan.Options.Threshold;
            DeviceTensor result = Allocate(new long[] { _batch, 1, mask.Height, mask.Width });
            var p = new MaskParams
            {
                H = (int)source.Shape[2], W = (int)source.Shape[3], OH = mask.Height, OW = mask.Width,
                KH = g.Kernel[0], KW = g.Kernel[1], SH = g.Strides[0], SW = g.Strides[1],
                PH = g.PadsBegin[0], PW = g.PadsBegin[1], DH = g.Dilations[0], DW = g.Dilations[1],
                Any = tau.IsAny ? 1 : 0,
                // Φ takes values k/n with small n; the margin separates τ from the nearest value below it (as the engine).
                Threshold = tau.IsAny ? 0f : (float)(tau.Value * (1 - 1e-6)),
            };
            ArrayView<float> s = source.View, d = result.View;
            int length = result.Length;
            Launch(() => _kernels.PropagateMask(length, s, d, p));
            return result;
        }

        /// <summary>
        /// Plan mask <paramref name="maskId"/>: <paramref name="source"/> padded as an explicit Pad padded its tensor
        /// (edge for a constant or edge padding, reflect for a reflection; as the engine).
        /// </summary>
        public DeviceTensor? PadMask(int maskId, DeviceTensor? source)
        {
            if (source == null)
            {
                return null;
            }

            MaskPadding p = PlanMaskOf(maskId, MaskOrigin.Padded).Padding!;
            return Padded(source, new long[] { 0, 0, p.Top, p.Left }, new long[] { 0, 0, p.Bottom, p.Right },
                p.Mode == MaskPadMode.Reflect ? Kernels.PadReflect : Kernels.PadEdge, 0f);
        }

        /// <summary>Plan mask <paramref name="maskId"/>: the masks of branches that meet, combined by the plan's rule (intersection = product, union = max).</summary>
        public DeviceTensor? CombineMasks(int maskId, params DeviceTensor?[] sources)
        {
            PlanMaskOf(maskId, MaskOrigin.Combined);
            if (sources.Length == 0 || sources.Any(s => s == null))
            {
                return null;
            }

            int op = Plan.Options.Combination == MaskCombination.Union ? Kernels.OpMax : Kernels.OpMul;
            DeviceTensor result = sources[0]!;
            foreach (DeviceTensor? source in sources.Skip(1))
            {
                result = Binary(result, source!, op);
            }

            return result;
        }

        /// <summary>Checkpoint: a copy of <paramref name="x"/> with deactivated positions (mask 0) set to 0.</summary>
        public DeviceTensor Deactivate(DeviceTensor x, DeviceTensor? mask)
        {
            if (mask == null)
            {
                return x;
            }

            // Left pending when a convolution can apply it as it reads (no copy); materialized by any other reader.
            // Step-through mode applies it at once, so the debugger shows what the next layer reads.
            if (!_eager && _model.LayoutOf(x.Source).IsNchw && x.Shape.Length == 4 && x.PendingMask == null)
            {
                CheckFits(x, mask, SpatialLayout.Nchw);
                return new DeviceTensor(x.Buffer, x.Shape) { Source = x.Source, PendingMask = mask };
            }

            return Deactivated(Applied(x), mask, 0f, null);
        }

        /// <summary>Checkpoint before a max: deactivated positions set to the lowest float, so they never win.</summary>
        public DeviceTensor DeactivateLowest(DeviceTensor x, DeviceTensor? mask) => mask == null ? x : Deactivated(Applied(x), mask, float.MinValue, null);

        /// <summary>MaxPool correction: outputs whose whole window was occluded go back to 0 (in place).</summary>
        public DeviceTensor ResetDeactivated(string node, DeviceTensor x, DeviceTensor? mask) => mask == null ? x : Deactivated(Applied(x), mask, 0f, Applied(x));

        /// <summary>A tensor as a reader that cannot apply a pending checkpoint needs it: deactivated (one copy, shared by such readers).</summary>
        private DeviceTensor Applied(DeviceTensor x)
        {
            if (x.PendingMask == null)
            {
                return x;
            }

            return x.Materialized ??= Deactivated(new DeviceTensor(x.Buffer, x.Shape) { Source = x.Source }, x.PendingMask, 0f, null);
        }

        /// <summary>A checkpoint's tensor must have the mask's batch, height and width on its layout's axes.</summary>
        private void CheckFits(DeviceTensor x, DeviceTensor mask, SpatialLayout layout)
        {
            long[] s = x.Shape;
            if (s.Length != layout.Rank || s[layout.BatchAxis] != _batch || s[layout.HeightAxis] != mask.Shape[2] || s[layout.WidthAxis] != mask.Shape[3])
            {
                throw new NotSupportedException($"a checkpoint on '{x.Source}' ({TensorShape.Format(s)}, {layout}) does not fit its {mask.Shape[2]}×{mask.Shape[3]} mask");
            }
        }

        private PlanMask PlanMaskOf(int id, MaskOrigin origin)
        {
            if (id < 0 || id >= Plan.Masks.Count || Plan.Masks[id].Origin != origin)
            {
                throw new ArgumentOutOfRangeException(nameof(id), id, $"the plan has no {origin.ToString().ToLowerInvariant()} mask {id}: was the forward pass generated from this model?");
            }

            return Plan.Masks[id];
        }

        /// <summary>
        /// <paramref name="x"/> with positions where the N×1×H×W mask is 0 set to <paramref name="neutral"/>, a select
        /// (NaN or ∞ at occluded positions cannot leak). The layout — where the batch, height and width axes are — is
        /// the plan's for the tensor: NCHW, NHWC, or a channel shuffle's rank-5 view.
        /// </summary>
        private DeviceTensor Deactivated(DeviceTensor x, DeviceTensor mask, float neutral, DeviceTensor? into)
        {
            SpatialLayout layout = _model.LayoutOf(x.Source);
            long[] s = x.Shape;
            CheckFits(x, mask, layout);

            DeviceTensor y = into ?? Allocate(s);
            y.Source = x.Source;
            ArrayView<float> xs = x.View, ms = mask.View, ys = y.View;
            int length = x.Length;
            if (layout.IsNchw)
            {
                int hw = (int)(s[2] * s[3]);
                int chw = (int)(s[1] * hw);
                Launch(() => _kernels.Deactivate(length, xs, ms, ys, chw, hw, neutral));
            }
            else
            {
                AxesParams axes = AxesParams.Of(s, layout.BatchAxis, layout.HeightAxis, layout.WidthAxis);
                Launch(() => _kernels.DeactivateAxes(length, xs, ms, ys, axes, neutral));
            }

            return y;
        }
    }
}
