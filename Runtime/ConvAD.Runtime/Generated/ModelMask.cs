using System;

namespace ConvAD.Generated
{
    /// <summary>
    /// An input mask M ∈ {0,1}^{H×W} (1 = present, 0 = occluded) of a fixed size. Each generated model
    /// class derives its own <c>Mask</c> from this, sized to its input, so a mask of one model cannot be
    /// passed to another.
    /// </summary>
    public abstract class ModelMask
    {
        private readonly float[] _values;

        /// <param name="height">Height in positions: the model's input height; positive.</param>
        /// <param name="width">Width in positions: the model's input width; positive.</param>
        /// <param name="present">The initial state of every position.</param>
        protected ModelMask(int height, int width, bool present)
        {
            if (height <= 0 || width <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(height), $"a mask needs a positive size, got {height}×{width}");
            }

            Height = height;
            Width = width;
            _values = new float[height * width];
            Fill(present);
        }

        /// <summary>Height of the mask in positions: the model's input height.</summary>
        public int Height { get; }

        /// <summary>Width of the mask in positions: the model's input width.</summary>
        public int Width { get; }

        /// <summary>Row-major 0/1 values, as the engine reads them.</summary>
        public ReadOnlySpan<float> Values => _values;

        /// <summary>Positions that are present.</summary>
        public int PresentCount
        {
            get
            {
                int n = 0;
                foreach (float v in _values)
                {
                    n += v != 0 ? 1 : 0;
                }

                return n;
            }
        }

        /// <summary>Whether position (<paramref name="y"/>, <paramref name="x"/>) is present.</summary>
        public bool this[int y, int x]
        {
            get => _values[Index(y, x)] != 0;
            set => _values[Index(y, x)] = value ? 1 : 0;
        }

        /// <summary>Sets every position present (true) or occluded (false).</summary>
        public void Fill(bool present) => _values.AsSpan().Fill(present ? 1 : 0);

        /// <summary>Marks a rectangle present or occluded; the parts outside the grid are ignored.</summary>
        public void SetRectangle(int x, int y, int width, int height, bool present)
        {
            int x0 = Math.Max(0, x), y0 = Math.Max(0, y);
            int x1 = Math.Min(Width, x + width), y1 = Math.Min(Height, y + height);
            for (int r = y0; r < y1; r++)
            {
                _values.AsSpan(r * Width + x0, Math.Max(0, x1 - x0)).Fill(present ? 1 : 0);
            }
        }

        private int Index(int y, int x)
        {
            if ((uint)y >= (uint)Height || (uint)x >= (uint)Width)
            {
                throw new ArgumentOutOfRangeException(nameof(y), $"({y}, {x}) is outside the {Height}×{Width} mask");
            }

            return y * Width + x;
        }
    }
}
