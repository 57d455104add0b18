using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ConvAD.Description;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The one way from an image (a file, a decoded image or an input tensor) to an <see cref="ImageExplanation"/>, shared by
    /// <c>ImageClassifier</c> and generated model classes so that both fit, preprocess and explain the same way.
    /// </summary>
    internal sealed partial class ImageExplainer
    {
        private readonly IExplainableModel _model;
        private readonly OutputKind _output;
        private readonly IReadOnlyList<string>? _labels;
        private readonly Preprocessing _preprocessing;
        private readonly ImageTensorShape _shape;
        private readonly ImageLoader _loader;

        public ImageExplainer(IExplainableModel model, OutputKind output, IReadOnlyList<string>? labels, Preprocessing preprocessing,
            ImageTensorShape shape, ImageLoader loader)
        {
            _model = model;
            _output = output;
            _labels = labels;
            _preprocessing = preprocessing;
            _shape = shape;
            _loader = loader;
        }

        public ImageExplanation ExplainFile(string path, ExplainerOptions? options, Perturbation? perturbation,
            IProgress<ExplanationProgress>? progress, CancellationToken cancellation)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            using Image<Rgb24> image = _loader.Load(path);
            return ExplainImage(image, Path.GetFileNameWithoutExtension(path), options, perturbation, progress, cancellation);
        }

        public ImageExplanation ExplainImage(Image<Rgb24> image, string name, ExplainerOptions? options, Perturbation? perturbation,
            IProgress<ExplanationProgress>? progress, CancellationToken cancellation) =>
            WithFitted(image, (input, fitted) => Explain(input, fitted, name, options, perturbation, progress, cancellation));

        /// <summary>Fits and preprocesses <paramref name="image"/>, then hands the input and the fitted image (owned by the result, disposed on failure) to <paramref name="explain"/>.</summary>
        private T WithFitted<T>(Image<Rgb24> image, Func<float[], Image<Rgb24>, T> explain)
        {
            ArgumentNullException.ThrowIfNull(image);
            Image<Rgb24> fitted = Preprocessor.Fit(image, _preprocessing, _shape.Width, _shape.Height);
            try
            {
                var input = new float[_shape.Length];
                Preprocessor.Write(fitted, _preprocessing, _shape, input);
                return explain(input, fitted);
            }
            catch
            {
                fitted.Dispose();
                throw;
            }
        }

        public ImageExplanation ExplainInput(ReadOnlySpan<float> input, string name, ExplainerOptions? options, Perturbation? perturbation,
            IProgress<ExplanationProgress>? progress, CancellationToken cancellation)
        {
            Image<Rgb24> picture = InputPicture.From(input, _preprocessing, _shape);
            try
            {
                return Explain(input, picture, name, options, perturbation, progress, cancellation);
            }
            catch
            {
                picture.Dispose();
                throw;
            }
        }

        // The explainer is CPU-bound throughout (decoding, then batches of engine calls), so the asynchronous variants run the
        // synchronous path on the thread pool: the caller's thread (a UI's, a request's) stays free, and cancellation and
        // progress work as in the synchronous call.
        public Task<ImageExplanation> ExplainFileAsync(string path, ExplainerOptions? options, Perturbation? perturbation,
            IProgress<ExplanationProgress>? progress, CancellationToken cancellation) =>
            Task.Run(() => ExplainFile(path, options, perturbation, progress, cancellation), cancellation);

        public Task<ImageExplanation> ExplainInputAsync(ReadOnlySpan<float> input, string name, ExplainerOptions? options, Perturbation? perturbation,
            IProgress<ExplanationProgress>? progress, CancellationToken cancellation)
        {
            // Copied now: the caller may change its input while the explanation runs.
            float[] copy = input.ToArray();
            return Task.Run(() => ExplainInput(copy, name, options, perturbation, progress, cancellation), cancellation);
        }

        private ImageExplanation Explain(ReadOnlySpan<float> input, Image<Rgb24> picture, string name, ExplainerOptions? options,
            Perturbation? perturbation, IProgress<ExplanationProgress>? progress, CancellationToken cancellation)
        {
            var explainer = new Explainer(_model, _output, _labels, options);
            ExplanationResult result = explainer.Explain(input, perturbation ?? Perturbation.ActivationDeactivation, progress, cancellation);
            return new ImageExplanation(result, picture, name);
        }
    }
}
