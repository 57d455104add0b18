using System;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Explanation
{
    /// <summary>
    /// An attribution map (occlusion, RISE, KernelSHAP) together with the image, as the model saw it, so that it can save its
    /// own files: <c>classifier.Attribute("photo.jpg", new RiseOptions()).Save("out")</c>. It owns <see cref="Image"/>: dispose it.
    /// </summary>
    public sealed class ImageAttribution : IDisposable
    {
        private bool _disposed;

        internal ImageAttribution(AttributionResult result, Image<Rgb24> image, string name)
        {
            Result = result;
            Image = image;
            Name = name;
        }

        /// <summary>What the method found: target, map, counts and wall time.</summary>
        public AttributionResult Result { get; }

        /// <summary>The image at the model's input size: pixel for pixel with the map.</summary>
        public Image<Rgb24> Image { get; }

        /// <summary>The file-name stem <see cref="Save"/> uses by default (the image file's name without extension, or <c>image</c>, <c>input</c>).</summary>
        public string Name { get; }

        /// <summary>Writes the heatmap, the .npy map and the JSON summary into <paramref name="folder"/> (<see cref="AttributionFiles"/>).</summary>
        public AttributionFilePaths Save(string folder, string? name = null, ColorMap? colorMap = null)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentException.ThrowIfNullOrEmpty(folder);
            return AttributionFiles.Write(folder, name ?? Name, Image, Result, colorMap);
        }

        /// <summary>Disposes the image; idempotent.</summary>
        public void Dispose()
        {
            _disposed = true;
            Image.Dispose();
        }
    }
}
