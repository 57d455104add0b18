using System.Globalization;

namespace ConvAD.Plan
{
    /// <summary>How a mask is padded where an explicit Pad pads the spatial axes of its tensor.</summary>
    public enum MaskPadMode
    {
        /// <summary>Each padded position takes the mask of the nearest edge position (Pad modes 'edge' and 'constant').</summary>
        Edge,

        /// <summary>Each padded position takes the mask of the position it mirrors, edge excluded (Pad mode 'reflect').</summary>
        Reflect,
    }

    /// <summary>
    /// The padding of a <see cref="MaskOrigin.Padded"/> mask: the widths added before (top, left) and after
    /// (bottom, right) the height and width axes, and how the added positions take their mask
    /// (docs/architecture.md, "Explicit padding").
    /// </summary>
    public sealed class MaskPadding
    {
        public MaskPadding(int top, int left, int bottom, int right, MaskPadMode mode)
        {
            Top = top;
            Left = left;
            Bottom = bottom;
            Right = right;
            Mode = mode;
        }

        public int Top { get; }

        public int Left { get; }

        public int Bottom { get; }

        public int Right { get; }

        public MaskPadMode Mode { get; }

        /// <summary>The ONNX Pad mode that pads the mask: 'edge' or 'reflect'.</summary>
        public string OnnxMode => Mode == MaskPadMode.Reflect ? "reflect" : "edge";

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "pad {0},{1},{2},{3} {4}", Top, Left, Bottom, Right, OnnxMode);
    }
}
