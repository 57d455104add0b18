using System.Collections.Generic;
using ConvAD.Rendering;

namespace ConvAD.Evaluation
{
    /// <summary>A row of colour swatches with mode names.</summary>
    internal static class ChartLegend
    {
        public const int Height = 12;

        public static void Draw(Canvas canvas, IReadOnlyList<string> modes, int x, int y)
        {
            foreach (string mode in modes)
            {
                canvas.FillRectangle(x, y, 10, 10, ChartPalette.Of(mode));
                BitmapFont.Draw(canvas, mode, x + 14, y + 2, 1, ChartPalette.Ink);
                x += 14 + BitmapFont.Measure(mode, 1) + 14;
            }
        }

        public static int Width(IReadOnlyList<string> modes)
        {
            int width = 0;
            foreach (string mode in modes)
            {
                width += 14 + BitmapFont.Measure(mode, 1) + 14;
            }

            return width;
        }
    }
}
