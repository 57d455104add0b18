using System;
using System.Collections.Generic;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Sliding-window occlusion: mask 0 keeps everything (the baseline score); mask i ≥ 1 removes the i-th window. A pixel's
    /// attribution is the baseline score minus the window's score, averaged over the windows that cover it.
    /// </summary>
    internal sealed class SlidingWindowOcclusion : IMaskQuery
    {
        private readonly int _width;
        private readonly int _window;
        private readonly int[] _rows;
        private readonly int[] _columns;
        private readonly double[] _drops;
        private readonly int[] _covering;
        private float _baseline;

        public SlidingWindowOcclusion(int height, int width, int window, int stride)
        {
            _width = width;
            _window = window;
            _rows = Starts(height, window, stride);
            _columns = Starts(width, window, stride);
            _drops = new double[height * width];
            _covering = new int[height * width];
        }

        public int Count => 1 + _rows.Length * _columns.Length;

        public void WriteMask(int index, Span<float> mask)
        {
            mask.Fill(1f);
            if (index == 0)
            {
                return;
            }

            (int top, int left) = Window(index);
            for (int y = top; y < top + _window; y++)
            {
                mask.Slice(y * _width + left, _window).Clear();
            }
        }

        public void Record(int index, float score)
        {
            if (index == 0)
            {
                _baseline = score;
                return;
            }

            (int top, int left) = Window(index);
            for (int y = top; y < top + _window; y++)
            {
                for (int x = left; x < left + _window; x++)
                {
                    _drops[y * _width + x] += _baseline - (double)score;
                    _covering[y * _width + x]++;
                }
            }
        }

        public float[] Attribution()
        {
            var map = new float[_drops.Length];
            for (int p = 0; p < map.Length; p++)
            {
                map[p] = _covering[p] == 0 ? 0f : (float)(_drops[p] / _covering[p]);
            }

            return map;
        }

        private (int Top, int Left) Window(int index) => (_rows[(index - 1) / _columns.Length], _columns[(index - 1) % _columns.Length]);

        /// <summary>
        /// Window positions 0, stride, 2·stride, … that fit, plus one flush with the far edge when the stride does not land
        /// there, so that every pixel is covered (Captum leaves the remainder uncovered).
        /// </summary>
        internal static int[] Starts(int length, int window, int stride)
        {
            var starts = new List<int>();
            for (int s = 0; s + window <= length; s += stride)
            {
                starts.Add(s);
            }

            if (starts[^1] + window < length)
            {
                starts.Add(length - window);
            }

            return starts.ToArray();
        }
    }
}
