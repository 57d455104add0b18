using System;
using System.IO;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Imaging;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>The invariants on the real, pre-trained models, with real images from data/.</summary>
    public sealed class RealModelInvariantTests
    {
        private readonly ITestOutputHelper _output;

        public RealModelInvariantTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData("squeezenet1.1/squeezenet1.1-fp16.convad.json", "photos", "any")]
        [InlineData("squeezenet1.1/squeezenet1.1-fp16.convad.json", "photos", "all")]
        [InlineData("shufflenet-v2/shufflenet-v2-12-qdq.convad.json", "photos", "0.5")]
        [InlineData("cifar10/resnet20.convad.json", "cifar10-test", "0.5")]
        [InlineData("cifar10/resnet32.convad.json", "cifar10-test", "any")]
        [InlineData("cifar10/small-cnn.convad.json", "cifar10-test", "all")]
        [InlineData("cifar10/resnet20-int8.convad.json", "cifar10-test", "any")]
        [InlineData("cifar10/resnet20-int8.convad.json", "cifar10-test", "0.5")]
        [InlineData("cifar10/resnet20-int8.convad.json", "cifar10-test", "all")]
        [InlineData("squeezenet1.1/squeezenet1.1-int8.convad.json", "photos", "any")]
        [InlineData("squeezenet1.1/squeezenet1.1-int8.convad.json", "photos", "0.5")]
        public void Invariants_hold_on_real_images(string sidecar, string images, string threshold)
        {
            var options = new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) } };
            using ImageClassifier classifier = ImageClassifier.Load(RepoPaths.File("models", sidecar), options);
            var files = Directory.EnumerateFiles(RepoPaths.File("data", images), "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".png") || f.EndsWith(".jpg")).OrderBy(f => f).Take(3).ToList();
            AssertInvariants(classifier.Model, classifier.LoadInputs(files));
        }

        [Fact]
        public void Invariants_hold_on_real_mnist_digits()
        {
            var options = new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.All } };
            using ImageClassifier classifier = ImageClassifier.Load(RepoPaths.File("models", "mnist", "mnist-8.convad.json"), options);
            MnistSet digits = MnistReader.Read(RepoPaths.File("data", "mnist", "mnist_t10k-images-idx3-ubyte.gz"), RepoPaths.File("data", "mnist", "mnist_t10k-labels-idx1-ubyte.gz"), 3);
            var inputs = new float[3 * classifier.InputShape.Length];
            for (int i = 0; i < 3; i++)
            {
                using var image = digits.ToImage(i);
                classifier.WriteInput(image, inputs.AsSpan(i * classifier.InputShape.Length, classifier.InputShape.Length));
            }

            AssertInvariants(classifier.Model, inputs);
        }

        private void AssertInvariants(ConvAdModel model, float[] images) => InvariantAssert.Holds(model, images, masks: 16, seed: 2, _output);
    }
}
