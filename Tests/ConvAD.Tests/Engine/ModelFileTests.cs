using System;
using System.IO;
using System.Threading.Tasks;
using ConvAD.Description;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Imaging;
using ConvAD.IO;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>Model files that are not what they claim: refused in one line before anything is read into memory or waits forever.</summary>
    public sealed class ModelFileTests : IDisposable
    {
        private readonly ScratchDirectory _dir = new ScratchDirectory();

        public void Dispose() => _dir.Dispose();

        [Fact]
        public void A_device_as_the_model_is_refused_before_reading()
        {
            InputFileException e = Assert.Throws<InputFileException>(() => ConvAdModel.Load("/dev/zero"));
            Assert.Equal("model file /dev/zero is empty, or not a regular file (a pipe, socket or device)", e.Message);
        }

        [Fact]
        public async Task A_FIFO_as_the_model_is_refused_without_blocking()
        {
            string path = _dir.Fifo("model.onnx");
            Task<InputFileException> load = Task.Run(() => Assert.Throws<InputFileException>(() => ConvAdModel.Load(path)));
            Assert.True(await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(20))) == load, "loading a FIFO blocked");
            Assert.Contains("not a regular file", (await load).Message);
        }

        [Fact]
        public void A_model_over_the_size_limit_is_refused()
        {
            string mnist = RepoPaths.File("models", "mnist", "mnist-8.onnx");
            InputFileException e = Assert.Throws<InputFileException>(() => ConvAdModel.Load(mnist, new EngineOptions { MaxModelBytes = 1000 }));
            Assert.Contains("over the 1000 bytes limit", e.Message);
        }

        [Fact]
        public void A_directory_as_the_model_is_refused() =>
            Assert.Contains("is a directory", Assert.Throws<InputFileException>(() => ConvAdModel.Load(_dir.Path)).Message);

        [Fact]
        public void An_explanation_of_a_non_finite_output_is_refused()
        {
            var explainer = new Explainer(new NaNModel(), OutputKind.Logits);
            NonFiniteOutputException e = Assert.Throws<NonFiniteOutputException>(() => explainer.Explain(new float[64], Perturbation.ActivationDeactivation));
            Assert.Contains("not finite (NaN at class 1)", e.Message);
        }

        private sealed class NaNModel : IExplainableModel
        {
            public ImageTensorShape Shape { get; } = new ImageTensorShape(1, 8, 8, ImageTensorLayout.Nchw);

            public int ClassCount => 3;

            public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores) => Fill(count, scores);

            public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores) => Fill(count, scores);

            private static void Fill(int count, Span<float> scores)
            {
                for (int i = 0; i < count; i++)
                {
                    new[] { 1f, float.NaN, 0f }.CopyTo(scores.Slice(i * 3, 3));
                }
            }
        }
    }
}
