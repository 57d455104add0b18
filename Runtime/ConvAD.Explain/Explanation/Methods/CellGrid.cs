using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// An image divided into Size×Size nearly equal cells (row y belongs to cell row ⌊y·Size/H⌋): the players of KernelSHAP.
    /// </summary>
    internal sealed class CellGrid
    {
        private readonly int[] _cellOf;

        public CellGrid(int height, int width, int size)
        {
            Height = height;
            Width = width;
            Size = size;
            _cellOf = new int[height * width];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    _cellOf[y * width + x] = (int)((long)y * size / height) * size + (int)((long)x * size / width);
                }
            }
        }

        public int Height { get; }

        public int Width { get; }

        public int Size { get; }

        public int Count => Size * Size;

        /// <summary>The cell that holds pixel <paramref name="pixel"/> (row-major).</summary>
        public int CellOf(int pixel) => _cellOf[pixel];

        /// <summary>Writes the mask that keeps exactly the cells for which <paramref name="present"/> is true.</summary>
        public void WriteMask(Func<int, bool> present, Span<float> mask)
        {
            for (int p = 0; p < mask.Length; p++)
            {
                mask[p] = present(_cellOf[p]) ? 1f : 0f;
            }
        }

        /// <summary>Every pixel gets its cell's value.</summary>
        public float[] Paint(ReadOnlySpan<double> cellValues)
        {
            var map = new float[_cellOf.Length];
            for (int p = 0; p < map.Length; p++)
            {
                map[p] = (float)cellValues[_cellOf[p]];
            }

            return map;
        }
    }
}
