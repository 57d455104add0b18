using System;
using System.Collections.Concurrent;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Tests.Explanation
{
    /// <summary>Real models and images for explainer tests, loaded once per test run (sessions are the expensive part).</summary>
    internal static class ExplainerFixture
    {
        public const string ResNet20 = "resnet20";
        public const string Mnist = "mnist";
        public const string SqueezeNet = "squeezenet";

        private static readonly ConcurrentDictionary<string, ImageClassifier> Models = new ConcurrentDictionary<string, ImageClassifier>();

        public static ImageClassifier Model(string name) => Models.GetOrAdd(name, n => ImageClassifier.Load(ModelPath(n), new EngineOptions()));

        public static string ModelPath(string name) => name switch
        {
            ResNet20 => RepoPaths.File("models", "cifar10", "resnet20.onnx"),
            Mnist => RepoPaths.File("models", "mnist", "mnist-8.onnx"),
            SqueezeNet => RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.onnx"),
            _ => throw new ArgumentException(name),
        };

        /// <summary>A real image each model classifies: a CIFAR-10 test cat, an MNIST test digit, the kitten photo.</summary>
        public static Image<Rgb24> Image(string name)
        {
            if (name == Mnist)
            {
                MnistSet set = MnistReader.Read(RepoPaths.File("data", "mnist", "mnist_t10k-images-idx3-ubyte.gz"),
                    RepoPaths.File("data", "mnist", "mnist_t10k-labels-idx1-ubyte.gz"), limit: 1);
                return set.ToImage(0);
            }

            string path = name == SqueezeNet ? RepoPaths.File("data", "photos", "kitten_224.png") : RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");
            return Model(name).LoadImage(path);
        }

        /// <summary>The model's input tensor for <see cref="Image"/>.</summary>
        public static float[] Input(string name)
        {
            ImageClassifier model = Model(name);
            using Image<Rgb24> image = Image(name);
            var input = new float[model.InputShape.Length];
            model.WriteInput(image, input);
            return input;
        }
    }
}
