using System;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>One non-informative background picture at the model's input size, in RGB (before the model's preprocessing).</summary>
    public sealed class Background
    {
        private readonly Rgb24[] _pixels;

        public Background(BackgroundKind kind, int width, int height, Rgb24[] pixels)
        {
            ArgumentNullException.ThrowIfNull(pixels);
            if (width <= 0 || height <= 0 || pixels.Length != width * height)
            {
                throw new ArgumentException($"a {width}×{height} background needs {width * height} pixels, got {pixels.Length}");
            }

            Kind = kind;
            Width = width;
            Height = height;
            _pixels = pixels;
        }

        public BackgroundKind Kind { get; }

        public int Width { get; }

        public int Height { get; }

        /// <summary>Row-major pixels.</summary>
        public ReadOnlySpan<Rgb24> Pixels => _pixels;

        /// <summary>The background as an image (the caller disposes it).</summary>
        public Image<Rgb24> ToImage() => Image.LoadPixelData<Rgb24>(_pixels, Width, Height);
    }
}
