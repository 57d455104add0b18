using System;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>One non-informative background picture at the model's input size, in RGB (before the model's preprocessing).</summary>
    public sealed class Background
    {
        private readonly Rgb24[] _pixels;

        /// <summary>A background of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
        /// <param name="kind">How it was drawn.</param>
        /// <param name="width">Width in pixels, positive.</param>
        /// <param name="height">Height in pixels, positive.</param>
        /// <param name="pixels">Row-major RGB pixels, width × height of them; kept, not copied.</param>
        /// <exception cref="ArgumentException">The size is not positive or does not match the pixel count.</exception>
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

        /// <summary>How the background was drawn (noise, solid colour, blurred noise…).</summary>
        public BackgroundKind Kind { get; }

        /// <summary>Width in pixels: the model's input width.</summary>
        public int Width { get; }

        /// <summary>Height in pixels: the model's input height.</summary>
        public int Height { get; }

        /// <summary>Row-major pixels.</summary>
        public ReadOnlySpan<Rgb24> Pixels => _pixels;

        /// <summary>The background as an image (the caller disposes it).</summary>
        public Image<Rgb24> ToImage() => Image.LoadPixelData<Rgb24>(_pixels, Width, Height);
    }
}
