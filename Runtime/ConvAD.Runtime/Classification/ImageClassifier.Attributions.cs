using System;
using System.Threading;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Classification
{
    // The attribution methods in one line: classifier.Attribute("photo.jpg", new RiseOptions()).Save("out").
    public sealed partial class ImageClassifier
    {
        /// <summary>
        /// An attribution map of the classifier's top class on an image file by the method <paramref name="method"/> names
        /// (<see cref="OcclusionOptions"/>, <see cref="RiseOptions"/>, <see cref="KernelShapOptions"/>), its masks evaluated
        /// under AD unless <paramref name="perturbation"/> says otherwise.
        /// </summary>
        /// <returns>The map with the image as the model saw it; dispose it.</returns>
        public ImageAttribution Attribute(string imagePath, AttributionOptions method, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _images.AttributeFile(imagePath, method, perturbation, progress, cancellation);
        }

        /// <summary>An attribution map of the classifier's top class on a decoded image (not modified).</summary>
        /// <returns>The map with the image as the model saw it; dispose it.</returns>
        public ImageAttribution Attribute(Image<Rgb24> image, AttributionOptions method, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _images.AttributeImage(image, "image", method, perturbation, progress, cancellation);
        }
    }
}
