using System;
using ConvAD.Imaging;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Explanation
{
    /// <summary>
    /// An explanation together with the image it explains, as the model saw it, so that it can draw and save its own pictures:
    /// <c>classifier.Explain("photo.jpg").Save("out")</c>. Made by <c>ImageClassifier.Explain</c> and by the <c>Explain</c> of
    /// generated model classes. It owns <see cref="Image"/>: dispose it when done.
    /// </summary>
    public sealed class ImageExplanation : IDisposable
    {
        private bool _disposed;

        internal ImageExplanation(ExplanationResult result, Image<Rgb24> image, string name)
        {
            Result = result;
            Image = image;
            Name = name;
        }

        /// <summary>What the explainer found: target, responsibility map, sufficient explanation, counts and timings.</summary>
        public ExplanationResult Result { get; }

        /// <summary>The image at the model's input size (resized or cropped as its description says): pixel for pixel with the map and the mask.</summary>
        public Image<Rgb24> Image { get; }

        /// <summary>The file-name stem <see cref="Save"/> uses by default: the image file's name without extension; <c>image</c> for a decoded image, <c>input</c> for an input tensor.</summary>
        public string Name { get; }

        /// <summary>The class explained: the model's top class on the whole image, with its probability.</summary>
        public Prediction Target => Result.Target;

        /// <summary>The smallest set of pixels found that keeps the target on its own.</summary>
        public SufficientExplanation Explanation => Result.Explanation;

        /// <summary>Each pixel's responsibility for the target (H×W).</summary>
        public ResponsibilityMap Responsibility => Result.Responsibility;

        /// <summary>
        /// Writes <c>NAME.heatmap.png</c>, <c>NAME.overlay.png</c>, <c>NAME.mask.png</c> and <c>NAME.responsibility.npy</c> into
        /// <paramref name="folder"/> (created when missing), each atomically, with <paramref name="name"/> or <see cref="Name"/> as NAME.
        /// </summary>
        public ExplanationFilePaths Save(string folder, string? name = null, ColorMap? colorMap = null)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentException.ThrowIfNullOrEmpty(folder);
            return ExplanationFiles.Write(folder, name ?? Name, Image, Result, colorMap);
        }

        /// <summary>Disposes the image; idempotent.</summary>
        public void Dispose()
        {
            _disposed = true;
            Image.Dispose();
        }
    }
}
