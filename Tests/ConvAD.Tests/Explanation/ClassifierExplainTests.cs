using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ConvAD.Classification;
using ConvAD.Explanation;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary>
    /// The one-line path, <c>classifier.Explain(path).Save(folder)</c>, against the long one it replaces (load, fit, explain,
    /// write): the same explanation, the same files, the image as the model saw it.
    /// </summary>
    public sealed class ClassifierExplainTests
    {
        private static readonly ExplainerOptions Quick = new ExplainerOptions { Iterations = 2, Seed = 5 };
        private static readonly string CatPath = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        [Fact]
        public void Explain_of_a_file_equals_the_long_path_and_knows_its_image()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            using Image<Rgb24> decoded = classifier.LoadImage(CatPath);
            using Image<Rgb24> fitted = classifier.Fit(decoded);
            ExplanationResult expected = classifier.CreateExplainer(Quick).Explain(classifier, fitted, Perturbation.ActivationDeactivation);

            using ImageExplanation actual = classifier.Explain(CatPath, Quick);

            Assert.Equal("0000", actual.Name);
            Assert.Equal(expected.Target, actual.Target);
            Assert.Equal(expected.Responsibility.ToArray(), actual.Responsibility.ToArray());
            Assert.Equal(expected.Explanation.ToArray(), actual.Explanation.ToArray());
            Assert.Equal(Pixels(fitted), Pixels(actual.Image));
        }

        [Fact]
        public void Save_writes_the_same_files_as_ExplanationFiles()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            using ImageExplanation explanation = classifier.Explain(CatPath, Quick, Perturbation.Occlusion(MaskingValue.Zero));
            using var scratch = new ScratchDirectory();

            ExplanationFilePaths saved = explanation.Save(Path.Combine(scratch.Path, "new folder"));
            ExplanationFilePaths reference = ExplanationFiles.Write(scratch.Path, "reference", explanation.Image, explanation.Result);

            Assert.Equal(Path.Combine(scratch.Path, "new folder", "0000.heatmap.png"), saved.Heatmap);
            Assert.Equal(File.ReadAllBytes(reference.Heatmap), File.ReadAllBytes(saved.Heatmap));
            Assert.Equal(File.ReadAllBytes(reference.Overlay), File.ReadAllBytes(saved.Overlay));
            Assert.Equal(File.ReadAllBytes(reference.Mask), File.ReadAllBytes(saved.Mask));
            Assert.Equal(File.ReadAllBytes(reference.Responsibility), File.ReadAllBytes(saved.Responsibility));
            Assert.Equal("zero", explanation.Result.Perturbation.Name);
        }

        [Fact]
        public void A_disposed_explanation_refuses_to_save()
        {
            ImageExplanation explanation = ExplainerFixture.Model(ExplainerFixture.ResNet20).Explain(CatPath, Quick);
            explanation.Dispose();
            using var scratch = new ScratchDirectory();
            Assert.Throws<ObjectDisposedException>(() => explanation.Save(scratch.Path));
            Assert.Empty(Directory.GetFiles(scratch.Path));
        }

        [Fact]
        public async Task ExplainAsync_reports_progress_and_gives_the_synchronous_answer()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            var progress = new RecordingProgress();
            using ImageExplanation synchronous = classifier.Explain(CatPath, Quick);

            using ImageExplanation asynchronous = await classifier.ExplainAsync(CatPath, Quick, progress: progress);

            Assert.Equal(synchronous.Responsibility.ToArray(), asynchronous.Responsibility.ToArray());
            Assert.NotEmpty(progress.Reports);
            Assert.Equal(ExplanationPhase.Responsibility, progress.Reports[0].Phase);
            Assert.All(progress.Reports, r => Assert.InRange(r.Fraction, 0, 1));
        }

        [Fact]
        public async Task ExplainAsync_stops_when_cancelled_during_the_search()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            using var cancellation = new CancellationTokenSource();
            // Cancelled from inside the first progress report, so the explainer is known to be running when it happens.
            var progress = new RecordingProgress(onReport: cancellation.Cancel);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => classifier.ExplainAsync(CatPath, new ExplainerOptions { Iterations = 20 }, progress: progress, cancellation: cancellation.Token));
            Assert.Single(progress.Reports);
        }

        [Fact]
        public void WarmUp_is_idempotent_and_refused_after_Dispose()
        {
            var classifier = ImageClassifier.Load(RepoPaths.File("models", "mnist", "mnist-8.onnx"));
            classifier.WarmUp();
            classifier.WarmUp();
            Assert.NotEmpty(classifier.Predict(classifier.LoadInputs(new[] { RepoPaths.File("data", "photos", "kitten_224.png") }), 1, 1));
            classifier.Dispose();
            Assert.Throws<ObjectDisposedException>(classifier.WarmUp);
            Assert.Throws<ObjectDisposedException>(() => classifier.Explain(CatPath));
        }

        private static Rgb24[] Pixels(Image<Rgb24> image)
        {
            var pixels = new Rgb24[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return pixels;
        }

        // Records on the reporting thread; Progress<T> would post to the thread pool and could arrive after the await.
        private sealed class RecordingProgress : IProgress<ExplanationProgress>
        {
            private readonly Action? _onReport;

            public RecordingProgress(Action? onReport = null) => _onReport = onReport;

            public List<ExplanationProgress> Reports { get; } = new List<ExplanationProgress>();

            public void Report(ExplanationProgress value)
            {
                lock (Reports)
                {
                    Reports.Add(value);
                }

                _onReport?.Invoke();
            }
        }
    }
}
