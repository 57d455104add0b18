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

        public int Height { get; }

        public int Width { get; }

        /// <summary>The largest responsibility (0 when no mutant passed).</summary>
        public float Max { get; }

        public ReadOnlySpan<float> Values => _values;

        public float this[int y, int x] => _values[y * Width + x];

        public float[] ToArray() => (float[])_values.Clone();
    }
}
