using System;
using System.Collections.Generic;
using System.IO;
using ConvAD.Description;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Classification
{
    /// <summary>
    /// A model together with its description: what a user means by "the classifier". Turns images into
    /// the model's input with the model's own preprocessing and scores into labelled predictions.
    /// Thread-safe as its <see cref="ConvAdModel"/> is; it owns the model: after <see cref="Dispose"/> every method throws
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public sealed partial class ImageClassifier : IDisposable
    {
        private readonly ImageLoader _loader;
        private bool _disposed;

        private ImageClassifier(ConvAdModel model, ModelDescription description, ImageLoader loader)
        {
            Model = model;
            Description = description;
            _loader = loader;
            InputShape = ImageTensorShape.Of(model.Input);
            description.Validate(model.Input.Channels, model.ClassCount, model.Input.Height, model.Input.Width);
            _images = new ImageExplainer(model, description.Output, description.Labels, description.Preprocessing, InputShape, loader);
        }

        /// <summary>The engine that runs the model, plain and under masks.</summary>
        public ConvAdModel Model { get; }

        /// <summary>The model's description: preprocessing, output kind, labels (its sidecar's, or the default).</summary>
        public ModelDescription Description { get; }

        /// <summary>One image's slice of the model's input tensor: channels, height, width and layout.</summary>
        public ImageTensorShape InputShape { get; }

        /// <summary>
        /// Loads a model from an ONNX file (with its <c>.convad.json</c> sidecar when present) or from a
        /// sidecar, which names its ONNX file. The sidecar may name files only in its folder or below unless
        /// <paramref name="allowPathsOutsideFolder"/>. A model with a symbolic height and width runs at the size of
        /// <paramref name="options"/>' plan, else at the sidecar's <c>input.size</c>. Without a sidecar the description is
        /// <see cref="ModelDescription.Default(string, int)"/> for the model's channel count (1 channel is grey).
        /// The ONNX Runtime sessions are created on first use; call <see cref="WarmUp"/> to create them now.
        /// </summary>
        public static ImageClassifier Load(string path, EngineOptions? options = null, ImageLoader? loader = null, bool allowPathsOutsideFolder = false)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"model not found: {path}", path);
            }

            ModelDescription description = path.EndsWith(ModelDescription.SidecarSuffix, StringComparison.OrdinalIgnoreCase)
                ? ModelDescription.Load(path, allowPathsOutsideFolder)
                : ModelDescription.LoadFor(path, allowPathsOutsideFolder);
            options ??= new EngineOptions();
            options = options with { Plan = options.Plan.WithInputSizeFallback(description.InputSize) };
            ConvAdModel model = ConvAdModel.Load(description.ModelPath, options);
            try
            {
                if (description.IsDefault)
                {
                    // Without a sidecar the model's own input says what it can: 1 channel is grey.
                    description = ModelDescription.Default(description.ModelPath, model.Input.Channels);
                }

                return new ImageClassifier(model, description, loader ?? new ImageLoader());
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        /// <summary>Decodes an image file with the loader's size limits.</summary>
        public Image<Rgb24> LoadImage(string path)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _loader.Load(path);
        }

        /// <summary>Writes one image, preprocessed, into its slice of an input batch.</summary>
        public void WriteInput(Image<Rgb24> image, Span<float> destination)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Preprocessor.Write(image, Description.Preprocessing, InputShape, destination);
        }

        /// <summary>The image as the model sees it (resized or cropped to the input size).</summary>
        public Image<Rgb24> Fit(Image<Rgb24> image)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Preprocessor.Fit(image, Description.Preprocessing, InputShape.Width, InputShape.Height);
        }

        /// <summary>Loads and preprocesses image files into one input batch.</summary>
        public float[] LoadInputs(IReadOnlyList<string> paths)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var batch = new float[paths.Count * InputShape.Length];
            for (int i = 0; i < paths.Count; i++)
            {
                using Image<Rgb24> image = LoadImage(paths[i]);
                WriteInput(image, batch.AsSpan(i * InputShape.Length, InputShape.Length));
            }

            return batch;
        }

        /// <summary>The top <paramref name="k"/> classes of each image in a batch, with probabilities.</summary>
        /// <exception cref="NonFiniteOutputException">An image's output holds NaN or ∞.</exception>
        public IReadOnlyList<IReadOnlyList<Prediction>> Predict(ReadOnlySpan<float> inputs, int count, int k)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            float[] scores = Model.RunPlain(inputs, count);
            var result = new List<IReadOnlyList<Prediction>>(count);
            for (int i = 0; i < count; i++)
            {
                NonFiniteOutputException.ThrowIfAny(scores.AsSpan(i * Model.ClassCount, Model.ClassCount), i);
                result.Add(Predictions.TopK(scores.AsSpan(i * Model.ClassCount, Model.ClassCount), Description.Output, Description.Labels, k));
            }

            return result;
        }

        /// <summary>Class probabilities of one row of scores (softmax when the model outputs logits).</summary>
        public float[] Probabilities(ReadOnlySpan<float> scores)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Predictions.Probabilities(scores, Description.Output);
        }

        /// <summary>Disposes the model; idempotent.</summary>
        public void Dispose()
        {
            _disposed = true;
            Model.Dispose();
        }
    }
}
