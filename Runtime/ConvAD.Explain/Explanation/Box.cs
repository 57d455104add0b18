using System;

namespace ConvAD.Explanation
{
    /// <summary>A rectangle of input pixels: rows [Top, Top+Height), columns [Left, Left+Width).</summary>
    public readonly record struct Box(int Top, int Left, int Height, int Width)
    {
        /// <summary>Pixels in the box.</summary>
        public int Area => Height * Width;

        /// <summary>Sets the box's pixels to 1 in a row-major mask <paramref name="maskWidth"/> wide (whole rows at a time, no per-pixel work).</summary>
        public void Fill(Span<float> mask, int maskWidth, float value = 1f)
        {
            for (int y = Top; y < Top + Height; y++)
            {
                mask.Slice(y * maskWidth + Left, Width).Fill(value);
            }
        }

        /// <summary>Adds <paramref name="amount"/> to every pixel of the box in a row-major map.</summary>
        public void Add(Span<float> map, int mapWidth, float amount)
        {
            for (int y = Top; y < Top + Height; y++)
            {
                Span<float> row = map.Slice(y * mapWidth + Left, Width);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] += amount;
                }
            }
        }

        /// <summary>
        /// The four parts around the point (<paramref name="row"/>, <paramref name="column"/>), which must lie strictly inside
        /// so that every part is non-empty: top-left, top-right, bottom-left, bottom-right.
        /// </summary>
        public Box[] SplitAt(int row, int column)
        {
            if (row <= Top || row >= Top + Height || column <= Left || column >= Left + Width)
            {
                throw new ArgumentOutOfRangeException(nameof(row), $"split point ({row}, {column}) is not strictly inside {this}");
            }

            int h1 = row - Top, w1 = column - Left;
            return new[]
            {
                new Box(Top, Left, h1, w1),
                new Box(Top, column, h1, Width - w1),
                new Box(row, Left, Height - h1, w1),
                new Box(row, column, Height - h1, Width - w1),
            };
        }
    }
}
