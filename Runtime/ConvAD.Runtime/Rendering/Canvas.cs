using System;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Rendering
{
    /// <summary>An RGB pixel buffer to compose pictures in, turned into an ImageSharp image at the end.</summary>
    internal sealed class Canvas
    {
        private readonly Rgb24[] _pixels;

        /// <summary>A canvas of <paramref name="width"/> × <paramref name="height"/> pixels filled with <paramref name="background"/>.</summary>
        /// <exception cref="ArgumentException">A side is not positive.</exception>
        public Canvas(int width, int height, Rgb24 background)
        {
            if (width <= 0 || height <= 0)
            {
                throw new ArgumentException($"canvas size {width}×{height} is not positive");
            }

            Width = width;
            Height = height;
            _pixels = new Rgb24[width * height];
            _pixels.AsSpan().Fill(background);
        }

        /// <summary>Width in pixels.</summary>
        public int Width { get; }

        /// <summary>Height in pixels.</summary>
        public int Height { get; }

        /// <summary>The pixel in column <paramref name="x"/> and row <paramref name="y"/> (0-based, from the top left); both must lie on the canvas.</summary>
        public Rgb24 this[int x, int y]
        {
            get => _pixels[y * Width + x];
            set => _pixels[y * Width + x] = value;
        }

        /// <summary>Fills the rectangle's part that lies on the canvas.</summary>
        public void FillRectangle(int x, int y, int width, int height, Rgb24 color)
        {
            int x0 = Math.Max(0, x), x1 = Math.Min(Width, x + width);
            int y0 = Math.Max(0, y), y1 = Math.Min(Height, y + height);
            for (int row = y0; row < y1 && x1 > x0; row++)
            {
                _pixels.AsSpan(row * Width + x0, x1 - x0).Fill(color);
            }
        }

        /// <summary>Copies <paramref name="tile"/> with its top-left corner at (x, y).</summary>
        public void Draw(Canvas tile, int x, int y)
        {
            for (int row = 0; row < tile.Height; row++)
            {
                for (int col = 0; col < tile.Width; col++)
                {
                    int cx = x + col, cy = y + row;
                    if (cx >= 0 && cy >= 0 && cx < Width && cy < Height)
                    {
                        this[cx, cy] = tile[col, row];
                    }
                }
            }
        }

        /// <summary>A new image holding a copy of the canvas's pixels.</summary>
        public Image<Rgb24> ToImage() => Image.LoadPixelData<Rgb24>(_pixels, Width, Height);

        /// <summary>An image's pixels enlarged <paramref name="scale"/> times by pixel repetition (keeps mask edges exact).</summary>
        public static Canvas FromImage(Image<Rgb24> image, int scale)
        {
            var source = new Rgb24[image.Width * image.Height];
            image.CopyPixelDataTo(source);
            var canvas = new Canvas(image.Width * scale, image.Height * scale, default);
            for (int y = 0; y < canvas.Height; y++)
            {
                for (int x = 0; x < canvas.Width; x++)
                {
                    canvas[x, y] = source[(y / scale) * image.Width + x / scale];
                }
            }

            return canvas;
        }
    }
}
