using System;
using System.IO;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Verification;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// An fp16 model (SqueezeNet with fp16 weights, input and output) runs in fp32 on the CPU; its outputs
    /// stay within fp16 rounding of the original file as ONNX Runtime runs it, and keeping fp16 also works.
    /// </summary>
    public sealed class Float16Tests
    {
        private static readonly string Sidecar = RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.convad.json");

        [Fact]
        public void Widened_model_matches_the_original_fp16_file_within_fp16_rounding()
        {
            using ImageClassifier classifier = ImageClassifier.Load(Sidecar);
            Assert.True(classifier.Model.RunsFloat16AsFloat32);
            string[] photos = { "kitten_224.png", "fish.png", "dog.jpg" };
            float[] inputs = classifier.LoadInputs(photos.Select(p => RepoPaths.File("data", "photos", p)).ToList());
            float[] widened = classifier.Model.RunPlain(inputs, photos.Length);

            using var session = new InferenceSession(File.ReadAllBytes(classifier.Description.ModelPath));
            using var runOptions = new RunOptions(); // not a temporary: one could be finalized while the native run reads it
            int size = classifier.Model.ImageSize;
            for (int i = 0; i < photos.Length; i++)
            {
                Float16[] half = inputs.AsSpan(i * size, size).ToArray().Select(v => (Float16)v).ToArray();
                using var input = OrtValue.CreateTensorValueFromMemory(half, new long[] { 1, 3, 224, 224 });
                using var results = session.Run(runOptions, new[] { classifier.Model.Input.Name }, new[] { input }, new[] { classifier.Model.OutputName });
                float[] original = results[0].GetTensorDataAsSpan<Float16>().ToArray().Select(h => h.ToFloat()).ToArray();
                double diff = InvariantChecker.MaxAbsDiff(original, widened.AsSpan(i * 1000, 1000));
                Assert.True(diff <= 1.0 / 1024, $"{photos[i]}: {diff}");
            }
        }

        [Fact]
        public void Keeping_fp16_still_keeps_the_invariants()
        {
            using ConvAdModel model = ConvAdModel.Load(RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.onnx"), new EngineOptions { KeepFloat16 = true });
            Assert.False(model.RunsFloat16AsFloat32);
            var rng = new Random(3);
            float[] images = Enumerable.Range(0, 2 * model.ImageSize).Select(_ => (float)(rng.NextDouble() * 255)).ToArray();
            InvariantReport r = InvariantAssert.Check(model, images, masks: 8, seed: 4);
            Assert.True(r.Pass, r.ToString());
        }
    }
}
