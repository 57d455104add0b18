using System;
using System.Threading;
using ConvAD.Explanation;

namespace ConvAD.Generated
{
    // What a generated class's Attribute forwards to, as Explain does.
    public sealed partial class GeneratedModel
    {
        /// <summary>An attribution map of the model's top class on an image file by the method <paramref name="method"/> names (under AD unless <paramref name="perturbation"/> says otherwise).</summary>
        /// <returns>The map with the image as the model saw it; dispose it.</returns>
        public ImageAttribution Attribute(string imagePath, AttributionOptions method, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _images.AttributeFile(imagePath, method, perturbation, progress, cancellation);
        }
    }
}
