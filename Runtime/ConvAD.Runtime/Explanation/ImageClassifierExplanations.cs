using System;
using System.Collections.Generic;
using System.Threading;
using ConvAD.Classification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Explanation
{
    /// <summary>The explainer on a loaded <see cref="ImageClassifier"/>: its engine, output kind, labels and preprocessing.</summary>
    public static class ImageClassifierExplanations
    {
        /// <summary>An explainer of the classifier's engine (<see cref="Engine.ConvAdModel"/>) with its output kind and labels.</summary>
        public static Explainer CreateExplainer(this ImageClassifier classifier, ExplainerOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(classifier);
            return new Explainer(classifier.Model, classifier.Description.Output, classifier.Description.Labels, options);
        }

        /// <summary>Explains an image: it is fitted and preprocessed as the classifier's description says.</summary>
        public static ExplanationResult Explain(this Explainer explainer, ImageClassifier classifier, Image<Rgb24> image, Perturbation perturbation,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ArgumentNullException.ThrowIfNull(explainer);
            return explainer.Explain(Input(classifier, image), perturbation, progress, cancellation);
        }

        /// <summary>
        /// Methods × modes on an image, fitted and preprocessed as the classifier's description says
        /// (<see cref="Explainer.Compare"/>: one row per method, null for the causal-responsibility search; one column per
        /// perturbation, null for AD, layer masking and every masking value). Draw it with ConvAD.Reporting's <c>ComparisonSheet</c>.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<ExplanationResult>> Compare(this Explainer explainer, ImageClassifier classifier, Image<Rgb24> image,
            IReadOnlyList<Perturbation>? perturbations = null, IReadOnlyList<AttributionOptions?>? methods = null,
            IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            ArgumentNullException.ThrowIfNull(explainer);
            return explainer.Compare(Input(classifier, image), perturbations, methods, progress, cancellation);
        }

        /// <summary>The image fitted and preprocessed as the classifier's description says: the model's input tensor.</summary>
        private static float[] Input(ImageClassifier classifier, Image<Rgb24> image)
        {
            ArgumentNullException.ThrowIfNull(classifier);
            ArgumentNullException.ThrowIfNull(image);
            var input = new float[classifier.InputShape.Length];
            classifier.WriteInput(image, input);
            return input;
        }
    }
}
