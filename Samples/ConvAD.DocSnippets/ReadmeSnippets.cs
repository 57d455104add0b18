using System;
using System.Threading.Tasks;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Explanation;

namespace DocSnippets
{
    /// <summary>README.md's C# section.</summary>
    internal static class ReadmeSnippets
    {
        private static void Explain()
        {
            // snippet:explain
            using var model = SqueezeNet.Load();                  // creates the ONNX Runtime sessions: the first call is not slower
            using var explanation = model.Explain("data/photos/kitten_224.png");
            explanation.Save("convad-out");                       // kitten_224.heatmap.png, .overlay.png, .mask.png, .responsibility.npy
            Console.WriteLine(explanation.Target);                // Prediction { Index = 281, Label = tabby, Confidence = 0.93 }
            // end snippet:explain
        }

        private static async Task ExplainAsync(IProgress<ExplanationProgress> progress)
        {
            // snippet:explain-async
            using var classifier = ImageClassifier.Load("models/cifar10/resnet20.convad.json");
            using var cat = await classifier.ExplainAsync("data/cifar10-test/cat/0000.jpg",
                new ExplainerOptions { Iterations = 10 }, Perturbation.Occlusion(MaskingValue.Blur), progress);
            cat.Save("convad-out", "cat-blur");
            // end snippet:explain-async
        }

        private static void Predict()
        {
            // snippet:predict
            using var model = SqueezeNet.Load();                  // checks the file is the one the code was generated from
            var input = SqueezeNet.Input.FromFile("kitten.png");
            var mask = new SqueezeNet.Mask();                     // 224×224, typed to this model
            mask.SetRectangle(0, 0, 112, 224, present: false);
            Console.WriteLine(model.Predict(input, mask)[0]);     // tabby …
            // end snippet:predict
        }

        private static void Engine(float[] images, float[] masks, int count)
        {
            // snippet:engine
            using var model = ConvAdModel.Load("models/cifar10/resnet20.onnx");
            float[] scores = model.Run(images, masks, count);   // count images (NCHW) and count H×W masks (1 = present)
            float[] plain  = model.RunPlain(images, count);     // the original model

            using var classifier = ImageClassifier.Load("models/cifar10/resnet20.convad.json");
            var explainer = classifier.CreateExplainer(new ExplainerOptions { Seed = 1 });
            using var image = classifier.LoadImage("data/cifar10-test/cat/0000.jpg");
            ExplanationResult result = explainer.Explain(classifier, image, Perturbation.ActivationDeactivation);
            // end snippet:engine
        }
    }
}
