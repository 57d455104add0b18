using System;
using System.IO;
using System.Reflection;
using ConvAD.Description;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Fingerprint;
using ConvAD.Generated;
using ConvAD.Imaging;
using ConvAD.Plan;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// What a generated class's Explain and Load forward to (GeneratedModel), on the shipped ResNet-20: an input explains like the
    /// file it came from and draws the same picture, and Load leaves both sessions created.
    /// </summary>
    public sealed class GeneratedExplanationTests
    {
        private static readonly ExplainerOptions Quick = new ExplainerOptions { Iterations = 2, Seed = 7 };
        private static readonly string ModelPath = RepoPaths.File("models", "cifar10", "resnet20.onnx");
        private static readonly string CatPath = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        [Fact]
        public void An_input_explains_like_its_file_and_its_picture_is_the_fitted_image()
        {
            GeneratedModelSpec spec = ResNet20Spec();
            using GeneratedModel model = GeneratedModel.Load(spec, ModelPath);
            using ImageExplanation fromFile = model.Explain(CatPath, Quick);
            var input = new TestInput(spec);
            using (Image<Rgb24> cat = Image.Load<Rgb24>(CatPath))
            {
                input.From(cat);
            }

            using ImageExplanation fromInput = model.Explain(input, Quick);

            Assert.Equal(("0000", "input"), (fromFile.Name, fromInput.Name));
            Assert.Equal(fromFile.Target, fromInput.Target);
            Assert.Contains(fromFile.Target.Label, File.ReadAllLines(RepoPaths.File("models", "cifar10", "cifar10_classes.txt")));
            Assert.Equal(fromFile.Responsibility.ToArray(), fromInput.Responsibility.ToArray());
            Assert.Equal(Pixels(fromFile.Image), Pixels(fromInput.Image));
        }

        [Fact]
        public void Attribute_maps_a_file_under_ad_like_the_classifier_and_names_it_after_the_file()
        {
            // What a generated class's Attribute forwards to: the same map as ImageClassifier.Attribute on the same model and file.
            var occlusion = new OcclusionOptions { Window = 8, Stride = 8 };
            using GeneratedModel model = GeneratedModel.Load(ResNet20Spec(), ModelPath);
            using ImageAttribution generated = model.Attribute(CatPath, occlusion);
            using Classification.ImageClassifier classifier = Classification.ImageClassifier.Load(ModelPath);
            using ImageAttribution direct = classifier.Attribute(CatPath, occlusion);

            Assert.Equal("0000", generated.Name);
            Assert.Equal(Perturbation.ActivationDeactivation, generated.Result.Perturbation);
            Assert.Equal(direct.Result.Target, generated.Result.Target);
            Assert.Equal(direct.Result.Attribution.ToArray(), generated.Result.Attribution.ToArray());
            Assert.All(generated.Result.Attribution.ToArray(), v => Assert.True(float.IsFinite(v)));
        }

        [Fact]
        public void Load_creates_both_sessions()
        {
            using GeneratedModel model = GeneratedModel.Load(ResNet20Spec(), ModelPath);
            // The sessions are private; their fields are the only witness that Load, not the first call, created them.
            foreach (string field in new[] { "_plain", "_convAd" })
            {
                object? session = typeof(ConvAdModel).GetField(field, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(model.Engine);
                Assert.NotNull(session);
            }
        }

        private static GeneratedModelSpec ResNet20Spec()
        {
            ModelDescription description = ModelDescription.LoadFor(ModelPath);
            using ConvAdModel engine = ConvAdModel.Load(ModelPath);
            return new GeneratedModelSpec(
                "App.ResNet20", "resnet20.onnx", ModelFingerprint.Compute(ModelPath), engine.Input.Name, 3, 32, 32, ImageTensorLayout.Nchw, 10,
                description.Output, description.Preprocessing, description.Labels, PropagationThreshold.Default, MaskCombination.Intersection,
                engine.Plan.Nodes.Count, engine.Plan.Masks.Count, engine.Plan.CheckpointCount);
        }

        private static Rgb24[] Pixels(Image<Rgb24> image)
        {
            var pixels = new Rgb24[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return pixels;
        }

        // What a generated class's Input is: an ImageInput of one spec.
        private sealed class TestInput : ImageInput
        {
            public TestInput(GeneratedModelSpec spec)
                : base(spec)
            {
            }

            public void From(Image<Rgb24> image) => Write(image);
        }
    }
}
