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
            DeviceTensor result = Allocate(new long[] { _n, 1, mask.Height, mask.Width });
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
            Launch(() => _k.PropagateMask(length, s, d, p));
            return result;
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
        public DeviceTensor Deactivate(DeviceTensor x, DeviceTensor? mask) => mask == null ? x : Deactivated(x, mask, 0f, null);

        /// <summary>Checkpoint before a max: deactivated positions set to the lowest float, so they never win.</summary>
        public DeviceTensor DeactivateLowest(DeviceTensor x, DeviceTensor? mask) => mask == null ? x : Deactivated(x, mask, float.MinValue, null);

        /// <summary>MaxPool correction: outputs whose whole window was occluded go back to 0 (in place).</summary>
        public DeviceTensor ResetDeactivated(string node, DeviceTensor x, DeviceTensor? mask) => mask == null ? x : Deactivated(x, mask, 0f, x);

        private PlanMask PlanMaskOf(int id, MaskOrigin origin)
        {
            if (id < 0 || id >= Plan.Masks.Count || Plan.Masks[id].Origin != origin)
            {
                throw new ArgumentOutOfRangeException(nameof(id), id, $"the plan has no {origin.ToString().ToLowerInvariant()} mask {id}: was the forward pass generated from this model?");
            }

            return Plan.Masks[id];
        }

        private DeviceTensor Deactivated(DeviceTensor x, DeviceTensor mask, float neutral, DeviceTensor? into)
        {
            if (x.Shape.Length != 4 || x.Shape[0] != _n || x.Shape[2] != mask.Shape[2] || x.Shape[3] != mask.Shape[3])
            {
                throw new NotSupportedException($"a checkpoint on a tensor of shape {TensorShape.Format(x.Shape)} with a {mask.Shape[2]}×{mask.Shape[3]} mask is not supported yet (NCHW only)");
            }

            DeviceTensor y = into ?? Allocate(x.Shape);
            ArrayView<float> xs = x.View, ms = mask.View, ys = y.View;
            int length = x.Length;
            int hw = (int)(x.Shape[2] * x.Shape[3]);
            int chw = (int)(x.Shape[1] * hw);
            Launch(() => _k.Deactivate(length, xs, ms, ys, chw, hw, neutral));
            return y;
        }
    }
}
