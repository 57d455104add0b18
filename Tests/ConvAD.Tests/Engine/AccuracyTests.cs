using System.IO;
using System.Linq;
using ConvAD.Classification;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// Real models classify real images as well as plain ONNX Runtime did when the reference figures were
    /// measured (shared README: ResNet-20 80.6%, ResNet-32 81.8% on the 500 JPEG CIFAR-10 test images).
    /// </summary>
    public sealed class AccuracyTests
    {
        private static readonly string[] Classes = { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" };

        [Theory]
        [InlineData("resnet20.convad.json", 0.806)]
        [InlineData("resnet32.convad.json", 0.818)]
        [InlineData("resnet20-int8.convad.json", 0.810)] // QOperator int8, quantized from ResNet-20 (scripts/make_qoperator_fixtures.py)
        public void Cifar_resnets_reach_the_reference_accuracy(string sidecar, double reference)
        {
            using ImageClassifier classifier = ImageClassifier.Load(RepoPaths.File("models", "cifar10", sidecar));
            var files = Classes.SelectMany(c => Directory.EnumerateFiles(RepoPaths.File("data", "cifar10-test", c), "*.jpg").Select(f => (file: f, label: c)))
                .OrderBy(x => x.file).ToList();
            Assert.Equal(500, files.Count);
            float[] inputs = classifier.LoadInputs(files.Select(x => x.file).ToList());
            var top1 = classifier.Predict(inputs, files.Count, 1);
            double accuracy = files.Select((x, i) => top1[i][0].Label == x.label ? 1.0 : 0.0).Average();
            Assert.InRange(accuracy, reference - 0.01, reference + 0.01);
        }

        [Theory]
        [InlineData("kitten_224.png", "tabby", 0.93)]
        [InlineData("fish.png", "tench", 0.738)]
        public void Squeezenet_matches_its_reference_values(string image, string label, double confidence)
        {
            using ImageClassifier classifier = ImageClassifier.Load(RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.convad.json"));
            var top = classifier.Predict(classifier.LoadInputs(new[] { RepoPaths.File("data", "photos", image) }), 1, 1)[0][0];
            Assert.Equal(label, top.Label);
            Assert.InRange(top.Confidence, confidence - 0.01, confidence + 0.01);
        }

        /// <summary>
        /// The QOperator int8 SqueezeNet (scripts/make_qoperator_fixtures.py) against the float model it was quantized from, on
        /// the nine photos: the same top class for every photo, and probabilities within 0.07 of the float model's. Its
        /// activation ranges were calibrated on these photos (mirrored and cropped), so this checks the quantized graph and
        /// the engine's running of it, not how well the quantization generalises.
        /// </summary>
        [Fact]
        public void The_int8_squeezenet_agrees_with_the_float_model_on_every_photo()
        {
            using ImageClassifier fp16 = ImageClassifier.Load(RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.convad.json"));
            using ImageClassifier int8 = ImageClassifier.Load(RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-int8.convad.json"));
            var photos = Directory.EnumerateFiles(RepoPaths.File("data", "photos")).Where(f => f.EndsWith(".jpg") || f.EndsWith(".png")).OrderBy(f => f).ToList();
            Assert.Equal(9, photos.Count);
            var expected = fp16.Predict(fp16.LoadInputs(photos), photos.Count, 1);
            var actual = int8.Predict(int8.LoadInputs(photos), photos.Count, 1);
            for (int i = 0; i < photos.Count; i++)
            {
                Assert.Equal(expected[i][0].Label, actual[i][0].Label);
                Assert.InRange(actual[i][0].Confidence, expected[i][0].Confidence - 0.07, expected[i][0].Confidence + 0.07);
            }
        }
    }
}
