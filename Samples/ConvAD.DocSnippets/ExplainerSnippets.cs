using System;
using System.Collections.Generic;
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

        private static void Methods()
        {
            // snippet:methods
            using ImageClassifier classifier = ImageClassifier.Load("models/cifar10/resnet20.onnx");
            using ImageAttribution rise = classifier.Attribute("data/cifar10-test/cat/0000.jpg", new RiseOptions { Masks = 1000, Seed = 0 });
            rise.Save("convad-out");                     // 0000.rise.heatmap.png, 0000.rise.attribution.npy, 0000.rise.json

            using ImageAttribution shap = classifier.Attribute("data/cifar10-test/cat/0000.jpg", new KernelShapOptions { GridSize = 4 },
                Perturbation.Occlusion(MaskingValue.Blur));  // the same method with a masking value instead of AD
            Console.WriteLine($"{shap.Result.Target.Label}: {shap.Result.MutantsEvaluated} mutants, largest cell value {shap.Result.Attribution.Max:0.000}");
            // end snippet:methods
        }

        private static void Compare()
        {
            // snippet:compare
            using ImageClassifier classifier = ImageClassifier.Load("models/cifar10/resnet20.onnx");
            using var image = classifier.LoadImage("data/cifar10-test/cat/0000.jpg");
            using var fitted = classifier.Fit(image);
            Explainer explainer = classifier.CreateExplainer(new ExplainerOptions { Seed = 0 });

            // Rows: rex (null), then attribution methods; columns: AD, layer masking and every masking value (null = all).
            var methods = new AttributionOptions?[] { null, new OcclusionOptions(), new RiseOptions { Masks = 500 }, new KernelShapOptions() };
            IReadOnlyList<IReadOnlyList<ExplanationResult>> grid = explainer.Compare(classifier, fitted, perturbations: null, methods);
            Console.WriteLine($"rise under zero: {grid[2][2].Explanation.AreaFraction:P1} of the pixels");
            ComparisonSheet.Write("convad-out/0000.compare.png", fitted, grid);   // ConvAD.Reporting: one row per method
            // end snippet:compare
        }

        private static void Several()
        {
            // snippet:several
            using ImageClassifier classifier = ImageClassifier.Load("models/cifar10/resnet20.onnx");
            using var image = classifier.LoadImage("data/cifar10-test/cat/0000.jpg");
            using var fitted = classifier.Fit(image);
            var input = new float[classifier.InputShape.Length];
            classifier.WriteInput(fitted, input);
            Explainer explainer = classifier.CreateExplainer(new ExplainerOptions { Seed = 0 });

            MultipleExplanationResult several = explainer.ExplainMultiple(input, Perturbation.Occlusion(MaskingValue.Blur),
                new MultipleExplanationOptions { Count = 5 });
            Console.WriteLine($"{several.Count} explanations ({several.Stop}), largest IoU {several.MaxIou:0.00}");
            MultipleExplanationFiles.Write("convad-out", "0000", fitted, several);   // 0000.multi-1.overlay.png, …, 0000.multi.json

            ContrastiveExplanationResult contrast = explainer.ExplainContrastive(input, Perturbation.ActivationDeactivation, contrastClass: 5);
            Console.WriteLine($"removing {contrast.AreaFraction:P1} makes it {contrast.Contrast.Label}: {contrast.Found}");
            // end snippet:several
        }
    }
}
