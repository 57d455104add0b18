using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// RISE's masks and saliency. Mask i: an (s+1)×(s+1) grid of cells, each kept with probability p; upsampled bilinearly to
    /// (s+1)·⌈H/s⌉ × (s+1)·⌈W/s⌉ and cropped to H×W at a random shift in [0, ⌈H/s⌉) × [0, ⌈W/s⌉). AD and layer masking take
    /// 0/1 masks, so the smooth mask u is cut at one uniform random level t per mask (kept where u &gt; t): a pixel is then kept
    /// with probability exactly u, the binary masks have the expectation of the smooth ones, and every mode sees the same
    /// masks. Saliency = Σ score·mask / (N·p).
    /// </summary>
    internal sealed class RiseMasks : IMaskQuery
    {
        // Keeps RISE's random masks apart from the masking values' noise streams.
        private const long MaskStream = -2;

        private readonly int _height;
        private readonly int _width;
        private readonly int _cells;
        private readonly double _keep;
        private readonly long _seed;
        private readonly int _cellHeight;
        private readonly int _cellWidth;
        private readonly double[] _sum;
        private readonly float[] _mask;

        public RiseMasks(int height, int width, RiseOptions options)
        {
            _height = height;
            _width = width;
            _cells = options.Cells;
            _keep = options.KeepProbability;
            _seed = options.Seed;
            Count = options.Masks;
            _cellHeight = (height + _cells - 1) / _cells;
            _cellWidth = (width + _cells - 1) / _cells;
            _sum = new double[height * width];
            _mask = new float[height * width];
        }

        public int Count { get; }

        public void WriteMask(int index, Span<float> mask)
        {
            var rng = new SplitMix64(SplitMix64.Key(_seed, MaskStream, index));
            int side = _cells + 1;
            Span<float> grid = stackalloc float[side * side];
            for (int c = 0; c < grid.Length; c++)
            {
                grid[c] = rng.NextFloat() < _keep ? 1f : 0f;
            }

            int shiftY = rng.NextInt(_cellHeight);
            int shiftX = rng.NextInt(_cellWidth);
            float level = rng.NextFloat();
            for (int y = 0; y < _height; y++)
            {
                (int y0, int y1, float fy) = Source(y + shiftY, _cellHeight, side);
                for (int x = 0; x < _width; x++)
                {
                    (int x0, int x1, float fx) = Source(x + shiftX, _cellWidth, side);
                    float top = grid[y0 * side + x0] + fx * (grid[y0 * side + x1] - grid[y0 * side + x0]);
                    float bottom = grid[y1 * side + x0] + fx * (grid[y1 * side + x1] - grid[y1 * side + x0]);
                    float smooth = top + fy * (bottom - top);
                    mask[y * _width + x] = smooth > level ? 1f : 0f;
                }
            }
        }

        public void Record(int index, float score)
        {
            // The evaluator's slot has been overwritten by now; the mask is a pure function of its index, so draw it again.
            WriteMask(index, _mask);
            for (int p = 0; p < _sum.Length; p++)
            {
                _sum[p] += score * _mask[p];
            }
        }

        public float[] Attribution()
        {
            var map = new float[_sum.Length];
            double scale = 1.0 / (Count * _keep);
            for (int p = 0; p < map.Length; p++)
            {
                map[p] = (float)(_sum[p] * scale);
            }

            return map;
        }

        /// <summary>
        /// The two grid cells and the weight between them for upsampled coordinate <paramref name="u"/> (cell centres at
        /// (k + ½)·cell, clamped at the grid's edges, as an image resize with half-pixel centres does).
        /// </summary>
        private static (int Low, int High, float Fraction) Source(int u, int cell, int side)
        {
            double g = Math.Clamp((u + 0.5) / cell - 0.5, 0, side - 1);
            int low = (int)Math.Floor(g);
            int high = Math.Min(low + 1, side - 1);
            return (low, high, (float)(g - low));
        }
    }
}
