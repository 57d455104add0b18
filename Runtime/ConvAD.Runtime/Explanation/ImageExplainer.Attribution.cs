using System;
using System.IO;
using System.Threading;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Explanation
{
    // The attribution methods (occlusion, RISE, KernelSHAP) take the same way from an image to the model's input as the
    // causal-responsibility explainer, so a classifier and a generated model class fit and preprocess for both alike.
    internal sealed partial class ImageExplainer
    {
        public ImageAttribution AttributeFile(string path, AttributionOptions options, Perturbation? perturbation,
            IProgress<ExplanationProgress>? progress, CancellationToken cancellation)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            using Image<Rgb24> image = _loader.Load(path);
            return AttributeImage(image, Path.GetFileNameWithoutExtension(path), options, perturbation, progress, cancellation);
        }

        public ImageAttribution AttributeImage(Image<Rgb24> image, string name, AttributionOptions options, Perturbation? perturbation,
            IProgress<ExplanationProgress>? progress, CancellationToken cancellation) =>
            WithFitted(image, (input, fitted) =>
            {
                var explainer = new Explainer(_model, _output, _labels);
                AttributionResult result = explainer.Attribute(input, perturbation ?? Perturbation.ActivationDeactivation, options, progress, cancellation);
                return new ImageAttribution(result, fitted, name);
            });
    }
}
