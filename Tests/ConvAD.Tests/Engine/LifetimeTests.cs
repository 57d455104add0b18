using System;
using System.Linq;
using System.Threading.Tasks;
using ConvAD.Classification;
using ConvAD.Engine;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>The engine's lifetime, as ONNX Runtime's sessions: shared across threads while alive, unusable after Dispose.</summary>
    public sealed class LifetimeTests
    {
        private static readonly string Mnist = RepoPaths.File("models", "mnist", "mnist-8.onnx");

        [Fact]
        public void Every_call_after_dispose_throws_instead_of_rebuilding_a_session()
        {
            ConvAdModel model = ConvAdModel.Load(Mnist);
            var image = new float[model.ImageSize];
            var mask = Enumerable.Repeat(1f, model.MaskSize).ToArray();
            model.Run(image, mask, 1);
            model.RunLayerMasked(image, mask, 1, new float[model.ClassCount]); // builds the layer-masking model, which Dispose releases too
            model.Dispose();
            model.Dispose(); // idempotent

            Assert.Throws<ObjectDisposedException>(() => model.Run(image, mask, 1));
            Assert.Throws<ObjectDisposedException>(() => model.Run(image, mask, 1, new float[model.ClassCount]));
            Assert.Throws<ObjectDisposedException>(() => model.RunPlain(image, 1));
            Assert.Throws<ObjectDisposedException>(() => model.RunPlain(image, 1, new float[model.ClassCount]));
            Assert.Throws<ObjectDisposedException>(() => model.ExportConvAdModel());
            Assert.Throws<ObjectDisposedException>(() => model.ExportPlainModel());
            Assert.Throws<ObjectDisposedException>(() => model.RunLayerMasked(image, mask, 1, new float[model.ClassCount]));
        }

        [Fact]
        public void A_model_never_run_also_throws_after_dispose()
        {
            ConvAdModel model = ConvAdModel.Load(Mnist);
            model.Dispose();
            Assert.Throws<ObjectDisposedException>(() => model.RunPlain(new float[model.ImageSize], 1));
        }

        [Fact]
        public void The_classifier_owns_its_model()
        {
            ImageClassifier classifier = ImageClassifier.Load(RepoPaths.File("models", "mnist", "mnist-8.convad.json"));
            classifier.Dispose();
            Assert.Throws<ObjectDisposedException>(() => classifier.Predict(new float[classifier.InputShape.Length], 1, 1));
            Assert.Throws<ObjectDisposedException>(() => classifier.Model.RunPlain(new float[classifier.InputShape.Length], 1));
        }

        [Fact]
        public void Concurrent_calls_share_the_sessions_and_the_run_options()
        {
            using ConvAdModel model = ConvAdModel.Load(Mnist, new EngineOptions { IntraOpThreads = 1, MaxBatch = 2 });
            var random = new Random(3);
            var images = Enumerable.Range(0, 5 * model.ImageSize).Select(_ => (float)random.NextDouble()).ToArray();
            var masks = Enumerable.Range(0, 5 * model.MaskSize).Select(_ => random.Next(4) == 0 ? 0f : 1f).ToArray();
            float[] expected = model.Run(images, masks, 5);
            float[] expectedPlain = model.RunPlain(images, 5);

            Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                Assert.Equal(expected, model.Run(images, masks, 5));
                Assert.Equal(expectedPlain, model.RunPlain(images, 5));
            });
        }
    }
}
