using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;

namespace ConvAD.Engine
{
    /// <summary>The mask tensors: the input mask, its propagation through windows, combinations, and per-layout copies.</summary>
    internal sealed partial class GraphRewriter
    {
        /// <summary>The float32 N×1×h×w tensor of a plan mask, emitted on first use.</summary>
        private string Mask(int id)
        {
            string key = "m" + id;
            if (_maskTensors.TryGetValue(key, out string? name))
            {
                return name;
            }

            PlanMask mask = _plan.Masks[id];
            switch (mask.Origin)
            {
                case MaskOrigin.Input:
                    name = MaskInputName;
                    break;
                case MaskOrigin.Propagated:
                    name = PropagatedMask(Mask(mask.Sources[0]), _plan.Masks[mask.Sources[0]], mask.Geometry!);
                    break;
                case MaskOrigin.Padded:
                    name = PaddedMask(Mask(mask.Sources[0]), mask.Padding!);
                    break;
                default:
                    string op = _plan.Options.Combination == MaskCombination.Union ? "Max" : "Mul";
                    name = Mask(mask.Sources[0]);
                    foreach (int s in mask.Sources.Skip(1))
                    {
                        name = _emit.Node(op, new[] { name, Mask(s) }, "combined");
                    }

                    break;
            }

            return _maskTensors[key] = name;
        }

        /// <summary>m_out = [Φ ≥ τ], where Φ is the share of present in-bounds positions each window reads.</summary>
        private string PropagatedMask(string source, PlanMask sourceMask, PoolGeometry g)
        {
            string phi;
            if (g.HasPaddingOnlyWindows(sourceMask.Height, sourceMask.Width))
            {
                phi = PaddingOnlyAwarePhi(source, sourceMask, g);
            }
            else if (!g.HasDilation)
            {
                // Average pooling that excludes padding is exactly Φ.
                phi = _emit.AveragePool(source, g, countIncludePad: false);
            }
            else
            {
                string ones = _emit.FloatConstant(TensorElementType.Float, 1f, new long[] { 1, 1, g.Kernel[0], g.Kernel[1] });
                string grid = _emit.FloatConstant(TensorElementType.Float, 1f, new long[] { 1, 1, sourceMask.Height, sourceMask.Width });
                string present = _emit.Conv(source, ones, g);
                string inBounds = _emit.Conv(grid, ones, g);
                phi = _emit.Node("Div", new[] { present, inBounds }, "phi");
            }

            PropagationThreshold t = _plan.Options.Threshold;
            // Φ takes values k/n with small n; the margin separates τ from the nearest distinct value below it.
            float threshold = t.IsAny ? 0f : (float)(t.Value * (1 - 1e-6));
            string present01 = _emit.Node("Greater", new[] { phi, _emit.FloatConstant(TensorElementType.Float, threshold) }, "present");
            return _emit.Cast(present01, TensorElementType.Float);
        }

        /// <summary>
        /// Φ of a window geometry where some windows read only padding (pads not smaller than the kernel; ONNX Runtime's
        /// AveragePool refuses those pads). Where a window reads input positions, Φ is present / in-bounds as everywhere;
        /// where it reads none, it takes the rule of an explicit constant Pad: the share of present positions among those
        /// its taps would read in the mask padded in mode edge, each tap the nearest in-bounds position
        /// (docs/architecture.md, "Windows over padding only").
        /// </summary>
        private string PaddingOnlyAwarePhi(string source, PlanMask sourceMask, PoolGeometry g)
        {
            string ones = _emit.FloatConstant(TensorElementType.Float, 1f, new long[] { 1, 1, g.Kernel[0], g.Kernel[1] });
            string grid = _emit.FloatConstant(TensorElementType.Float, 1f, new long[] { 1, 1, sourceMask.Height, sourceMask.Width });
            string present = _emit.Conv(source, ones, g);
            string inBounds = _emit.Conv(grid, ones, g);
            string one = _emit.FloatConstant(TensorElementType.Float, 1f);
            string inside = _emit.Node("Div", new[] { present, _emit.Node("Max", new[] { inBounds, one }, "in_bounds") }, "phi_inside");

            var unpadded = new PoolGeometry(g.Kernel, g.Strides, new[] { 0, 0 }, new[] { 0, 0 }, g.Dilations, ceilMode: false);
            string edge = PaddedMask(source, new MaskPadding(g.PadsBegin[0], g.PadsBegin[1], g.PadsEnd[0], g.PadsEnd[1], MaskPadMode.Edge));
            string taps = _emit.FloatConstant(TensorElementType.Float, g.Kernel[0] * g.Kernel[1]);
            string outside = _emit.Node("Div", new[] { _emit.Conv(edge, ones, unpadded), taps }, "phi_padding_only");

            string reads = _emit.Node("Greater", new[] { inBounds, _emit.FloatConstant(TensorElementType.Float, 0f) }, "reads_input");
            return _emit.Node("Where", new[] { reads, inside, outside }, "phi");
        }

        /// <summary>The mask of an explicitly padded tensor: the 1-channel mask padded by an ONNX Pad (mode edge or reflect).</summary>
        private string PaddedMask(string source, MaskPadding p)
        {
            long[] pads = { 0, 0, p.Top, p.Left, 0, 0, p.Bottom, p.Right };
            var mode = new Attr("mode", Text: p.OnnxMode);
            return _emit.Opset >= 11
                ? _emit.Node("Pad", new[] { source, _emit.Int64Tensor(pads) }, "padded", mode)
                : _emit.Node("Pad", new[] { source }, "padded", mode, new Attr("pads", Ints: pads));
        }

        /// <summary>A mask shaped for a tensor of the given layout and element type (cached).</summary>
        private string MaskFor(int id, SpatialLayout layout, TensorElementType type)
        {
            string key = $"m{id}|{layout}|{type}";
            if (_maskTensors.TryGetValue(key, out string? name))
            {
                return name;
            }

            name = Mask(id);
            if (!layout.IsNchw)
            {
                if (layout.BatchAxis != 0 || layout.HeightAxis > layout.WidthAxis)
                {
                    throw new NotSupportedException($"a checkpoint on a {layout} tensor (batch not first or W before H) is not supported yet");
                }

                PlanMask m = _plan.Masks[id];
                long[] shape = Enumerable.Repeat(1L, layout.Rank).ToArray();
                shape[0] = 0; // copy the batch size
                shape[layout.HeightAxis] = m.Height;
                shape[layout.WidthAxis] = m.Width;
                name = _emit.Reshape(name, shape);
            }

            if (type != TensorElementType.Float)
            {
                name = _emit.Cast(name, type);
            }

            return _maskTensors[key] = name;
        }
    }
}
