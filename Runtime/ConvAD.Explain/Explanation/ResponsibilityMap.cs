using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The summed responsibility of every input pixel for the target, row-major H×W: each passing mutant gave each of its
    /// n kept parts 1/n (or its confidence / n), over all iterations.
    /// </summary>
    public sealed class ResponsibilityMap
    {
        private readonly float[] _values;

        /// <summary>A map of <paramref name="height"/>×<paramref name="width"/> responsibilities, row-major; <paramref name="values"/> is kept, not copied.</summary>
        public ResponsibilityMap(int height, int width, float[] values)
        {
            if (values.Length != height * width)
            {
                throw new ArgumentException($"a {height}×{width} map needs {height * width} values, got {values.Length}", nameof(values));
            }

            Height = height;
            Width = width;
            _values = values;
            foreach (float v in values)
            {
                Max = Math.Max(Max, v);
            }
        }

        /// <summary>Rows of the map: the model's input height.</summary>
        public int Height { get; }

        /// <summary>Columns of the map: the model's input width.</summary>
        public int Width { get; }

        /// <summary>The largest responsibility (0 when no mutant passed).</summary>
        public float Max { get; }

        /// <summary>Every pixel's responsibility, row-major.</summary>
        public ReadOnlySpan<float> Values => _values;

        /// <summary>The responsibility of the pixel at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
        public float this[int y, int x] => _values[y * Width + x];

        /// <summary>A copy of the values, row-major.</summary>
        public float[] ToArray() => (float[])_values.Clone();
    }
}
