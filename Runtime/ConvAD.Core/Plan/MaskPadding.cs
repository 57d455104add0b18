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
        /// <summary>A mask padding of the given widths (in positions of the padded tensor) and mode.</summary>
        /// <param name="top">Rows added before the height axis.</param>
        /// <param name="left">Columns added before the width axis.</param>
        /// <param name="bottom">Rows added after the height axis.</param>
        /// <param name="right">Columns added after the width axis.</param>
        /// <param name="mode">How the added positions take their mask.</param>
        public MaskPadding(int top, int left, int bottom, int right, MaskPadMode mode)
        {
            Top = top;
            Left = left;
            Bottom = bottom;
            Right = right;
            Mode = mode;
        }

        /// <summary>Rows added before the height axis.</summary>
        public int Top { get; }

        /// <summary>Columns added before the width axis.</summary>
        public int Left { get; }

        /// <summary>Rows added after the height axis.</summary>
        public int Bottom { get; }

        /// <summary>Columns added after the width axis.</summary>
        public int Right { get; }

        /// <summary>How the added positions take their mask: from the nearest edge or the mirrored position.</summary>
        public MaskPadMode Mode { get; }

        /// <summary>The ONNX Pad mode that pads the mask: 'edge' or 'reflect'.</summary>
        public string OnnxMode => Mode == MaskPadMode.Reflect ? "reflect" : "edge";

        /// <inheritdoc/>
        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "pad {0},{1},{2},{3} {4}", Top, Left, Bottom, Right, OnnxMode);
    }
}
