using System;
using System.Globalization;

namespace ConvAD.Plan
{
    /// <summary>
    /// The height and width a model with a symbolic spatial input (exported with dynamic H and W) runs at. The graph
    /// cannot say it, so the user does: <c>"input": { "size": [H, W] }</c> in the sidecar, or <c>--input-size HxW</c>.
    /// </summary>
    public sealed record InputSize
    {
        /// <summary>The largest side accepted: a typo (224000) should be an error, not a 150 GB allocation.</summary>
        public const int MaxSide = 16384;

        /// <summary>An input size of <paramref name="height"/> × <paramref name="width"/> pixels.</summary>
        /// <param name="height">Height in pixels, 1 to <see cref="MaxSide"/>.</param>
        /// <param name="width">Width in pixels, 1 to <see cref="MaxSide"/>.</param>
        /// <exception cref="ArgumentException">A side is out of range.</exception>
        public InputSize(int height, int width)
        {
            string? problem = FindProblem(height, width);
            if (problem != null)
            {
                throw new ArgumentException(problem);
            }

            Height = height;
            Width = width;
        }

        /// <summary>Height in pixels the symbolic input runs at.</summary>
        public int Height { get; }

        /// <summary>Width in pixels the symbolic input runs at.</summary>
        public int Width { get; }

        /// <summary>What is wrong with a height and width, or null: each must be in 1..<see cref="MaxSide"/>.</summary>
        public static string? FindProblem(long height, long width) =>
            height < 1 || width < 1 || height > MaxSide || width > MaxSide
                ? $"an input size must be two whole numbers from 1 to {MaxSide} (height, width), got {height}×{width}"
                : null;

        /// <summary>Reads <c>HxW</c> (height first, as in the model's N×C×H×W), e.g. <c>224x224</c> or <c>24x40</c>; <c>×</c> is accepted too.</summary>
        public static bool TryParse(string? text, out InputSize? size)
        {
            size = null;
            string[] parts = (text ?? "").Trim().Split('x', 'X', '×');
            if (parts.Length != 2
                || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int height)
                || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int width)
                || FindProblem(height, width) != null)
            {
                return false;
            }

            size = new InputSize(height, width);
            return true;
        }

        /// <summary><c>HxW</c>, the form <see cref="TryParse"/> reads.</summary>
        public override string ToString() => Height.ToString(CultureInfo.InvariantCulture) + "x" + Width.ToString(CultureInfo.InvariantCulture);
    }
}
