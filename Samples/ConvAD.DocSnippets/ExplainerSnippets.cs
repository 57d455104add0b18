using System;
using ConvAD.Classification;
using ConvAD.Explanation;
using ConvAD.Rendering;

namespace DocSnippets
{
    /// <summary>docs/explainer.md.</summary>
    internal static class ExplainerSnippets
    {
        private static void OneLine()
        {
            // snippet:one-line
            using ImageClassifier classifier = ImageClassifier.Load("models/squeezenet1.1/squeezenet1.1-fp16.onnx");
            using ImageExplanation explanation = classifier.Explain("data/photos/kitten_224.png", new ExplainerOptions { Seed = 0 });
            ExplanationFilePaths files = explanation.Save("convad-out");   // named after the image: kitten_224.heatmap.png, …
            // end snippet:one-line
        }

        private static void Use()
        {
            // snippet:use
            using ImageClassifier classifier = ImageClassifier.Load("models/squeezenet1.1/squeezenet1.1-fp16.onnx");
            using var image = classifier.LoadImage("data/photos/kitten_224.png");
            using var fitted = classifier.Fit(image);                 // the image as the model sees it

            var explainer = classifier.CreateExplainer(new ExplainerOptions { Seed = 0, BatchSize = 64 });
            ExplanationResult ad = explainer.Explain(classifier, fitted, Perturbation.ActivationDeactivation);
            ExplanationResult zero = explainer.Explain(classifier, fitted, Perturbation.Occlusion(MaskingValue.Zero));

            Console.WriteLine($"{ad.Target.Label}: {ad.Explanation.AreaFraction:P1} of the pixels keep it ({ad.Explanation.Confidence:0.00})");
            ExplanationFiles.Write("convad-out", "kitten", fitted, ad);
            ComparisonSheet.Write("convad-out/kitten.compare.png", fitted, new[] { ad, zero });   // ConvAD.Reporting
            // end snippet:use
        }
    }
}
