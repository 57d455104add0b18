using System;
using System.Globalization;
using ConvAD.Rendering;

namespace ConvAD.Evaluation
{
    /// <summary>A linear value axis: maps [0, Max] to pixels and draws its grid lines and tick labels.</summary>
    internal readonly record struct ChartAxis(double Max, int Ticks)
    {
        /// <summary>An axis from 0 to a round number ≥ <paramref name="largest"/> (1, 2, 2.5 or 5 × 10^k).</summary>
        public static ChartAxis Covering(double largest, int ticks = 4)
        {
            if (!(largest > 0) || double.IsInfinity(largest))
            {
                return new ChartAxis(1, ticks);
            }

            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(largest)));
            foreach (double step in new[] { 1, 2, 2.5, 5, 10 })
            {
                if (step * magnitude >= largest * (1 - 1e-12))
                {
                    return new ChartAxis(step * magnitude, ticks);
                }
            }

            return new ChartAxis(10 * magnitude, ticks);
        }

        /// <summary>The offset in pixels of <paramref name="value"/> along a <paramref name="length"/>-pixel axis (clamped).</summary>
        public int Offset(double value, int length) => double.IsNaN(value) ? 0 : (int)Math.Round(Math.Clamp(value / Max, 0, 1) * length);

        public string Label(int tick, bool percent)
        {
            double v = Max * tick / Ticks;
            return percent ? (100 * v).ToString("0", CultureInfo.InvariantCulture) + "%" : v.ToString("0.##", CultureInfo.InvariantCulture);
        }

        /// <summary>Horizontal grid lines with labels left of <paramref name="x"/>, for a vertical axis whose 0 is at <paramref name="bottom"/>.</summary>
        public void DrawVertical(Canvas canvas, int x, int bottom, int height, int width, bool percent)
        {
            for (int t = 0; t <= Ticks; t++)
            {
                int y = bottom - Offset(Max * t / Ticks, height);
                canvas.FillRectangle(x, y, width, 1, t == 0 ? ChartPalette.Ink : ChartPalette.Grid);
                string label = Label(t, percent);
                BitmapFont.Draw(canvas, label, x - 4 - BitmapFont.Measure(label, 1), y - BitmapFont.GlyphHeight / 2, 1, ChartPalette.Ink);
            }
        }

        /// <summary>Vertical grid lines with labels under <paramref name="bottom"/>, for a horizontal axis whose 0 is at <paramref name="x"/>.</summary>
        public void DrawHorizontal(Canvas canvas, int x, int top, int bottom, int width, bool percent)
        {
            for (int t = 0; t <= Ticks; t++)
            {
                int px = x + Offset(Max * t / Ticks, width);
                canvas.FillRectangle(px, top, 1, bottom - top, t == 0 ? ChartPalette.Ink : ChartPalette.Grid);
                canvas.DrawCentredText(Label(t, percent), px, bottom + 4, 1, ChartPalette.Ink);
            }
        }
    }
}
