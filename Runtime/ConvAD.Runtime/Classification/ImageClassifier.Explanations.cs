using System;
using System.Threading;
using System.Threading.Tasks;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Classification
{
    // The one-line paths: classifier.Explain("photo.jpg").Save("out"). Each call makes its own Explainer, so calls may run
    // concurrently like the model's; options, perturbation, progress and cancellation are the Explainer's.
    public sealed partial class ImageClassifier
    {
        private readonly ImageExplainer _images;

        /// <summary>
        /// Explains the classifier's top class on an image file: decodes it with the classifier's size limits, fits and
        /// preprocesses it as the description says, and runs the explainer (under AD unless <paramref name="perturbation"/> says otherwise).
        /// Seconds to minutes of CPU work (SqueezeNet about 20 s on 2 cores with the default options): see <see cref="ExplainAsync"/>.
        /// </summary>
        /// <returns>The explanation with the image as the model saw it; dispose it.</returns>
        public ImageExplanation Explain(string imagePath, ExplainerOptions? options = null, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _images.ExplainFile(imagePath, options, perturbation, progress, cancellation);
        }

        /// <summary>Explains the classifier's top class on a decoded image (not modified); its pictures are named <c>image</c> unless <c>Save</c> is given a name.</summary>
        /// <returns>The explanation with the image as the model saw it; dispose it.</returns>
        public ImageExplanation Explain(Image<Rgb24> image, ExplainerOptions? options = null, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _images.ExplainImage(image, "image", options, perturbation, progress, cancellation);
        }

        /// <summary>
        /// <see cref="Explain(string, ExplainerOptions?, Perturbation?, IProgress{ExplanationProgress}?, CancellationToken)"/> on the
        /// thread pool: the work is CPU-bound, so this keeps the calling thread free rather than making the work faster.
        /// Cancelling throws <see cref="OperationCanceledException"/> between engine calls.
        /// </summary>
        public Task<ImageExplanation> ExplainAsync(string imagePath, ExplainerOptions? options = null, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _images.ExplainFileAsync(imagePath, options, perturbation, progress, cancellation);
        }

        /// <summary>
        /// Creates the model's ONNX Runtime sessions now (<see cref="Engine.ConvAdModel.WarmUp"/>), so that the first
        /// <see cref="Predict"/> or explanation does not pay for them; idempotent.
        /// </summary>
        public void WarmUp()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Model.WarmUp();
        }
    }
}
