using System;
using System.Threading;
using System.Threading.Tasks;
using ConvAD.Explanation;

namespace ConvAD.Generated
{
    // What a generated class's Explain and ExplainAsync forward to, so the generated code stays one line per method.
    public sealed partial class GeneratedModel
    {
        private readonly ImageExplainer _images;

        /// <summary>Explains the model's top class on an image file (under AD unless <paramref name="perturbation"/> says otherwise).</summary>
        /// <returns>The explanation with the image as the model saw it; dispose it.</returns>
        public ImageExplanation Explain(string imagePath, ExplainerOptions? options = null, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _images.ExplainFile(imagePath, options, perturbation, progress, cancellation);
        }

        /// <summary>Explains the model's top class on an input; its picture is the input with the preprocessing undone.</summary>
        /// <returns>The explanation with that picture, named <c>input</c>; dispose it.</returns>
        public ImageExplanation Explain(ImageInput input, ExplainerOptions? options = null, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentNullException.ThrowIfNull(input);
            return _images.ExplainInput(input.Values, "input", options, perturbation, progress, cancellation);
        }

        /// <summary>The file explanation on the thread pool (the work is CPU-bound); cancelling throws <see cref="OperationCanceledException"/>.</summary>
        public Task<ImageExplanation> ExplainAsync(string imagePath, ExplainerOptions? options = null, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _images.ExplainFileAsync(imagePath, options, perturbation, progress, cancellation);
        }

        /// <summary>The input explanation on the thread pool; the input is copied first, so the caller may reuse it at once.</summary>
        public Task<ImageExplanation> ExplainAsync(ImageInput input, ExplainerOptions? options = null, Perturbation? perturbation = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentNullException.ThrowIfNull(input);
            return _images.ExplainInputAsync(input.Values, "input", options, perturbation, progress, cancellation);
        }
    }
}
