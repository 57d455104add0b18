using System;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Explanation
{
    /// <summary>
    /// What a method found about an image, together with the image as the model saw it, so that the result can draw and save
    /// its own pictures (<see cref="ImageExplanation"/>, <see cref="ImageAttribution"/>). It owns <see cref="Image"/>: dispose it.
    /// </summary>
    /// <typeparam name="TResult">The method's result: an <see cref="ExplanationResult"/> or an <see cref="AttributionResult"/>.</typeparam>
    public abstract class ImageResult<TResult> : IDisposable
        where TResult : class
    {
        private bool _disposed;

        private protected ImageResult(TResult result, Image<Rgb24> image, string name)
        {
            Result = result;
            Image = image;
            Name = name;
        }

        /// <summary>What the method found.</summary>
        public TResult Result { get; }

        /// <summary>The image at the model's input size (resized or cropped as its description says): pixel for pixel with the maps.</summary>
        public Image<Rgb24> Image { get; }

        /// <summary>The file-name stem <c>Save</c> uses by default: the image file's name without extension; <c>image</c> for a decoded image, <c>input</c> for an input tensor.</summary>
        public string Name { get; }

        /// <summary>Disposes the image; idempotent.</summary>
        public void Dispose()
        {
            _disposed = true;
            Image.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>The stem a save writes under, after checking the result is not disposed and the folder is named.</summary>
        private protected string SaveName(string folder, string? name)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentException.ThrowIfNullOrEmpty(folder);
            return name ?? Name;
        }
    }
}
