using System;
using System.Collections.Generic;
using ConvAD.Classification;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// Backgrounds in the model's input space (after its preprocessing), ready to be composited with an explanation.
    /// Preprocessing maps each pixel on its own once the image has the input size, so pasting in input space is the same as
    /// pasting in RGB and preprocessing the composite.
    /// </summary>
    public sealed class BackgroundSet
    {
        private readonly float[] _tensors;
        private readonly BackgroundKind[] _kinds;

        private BackgroundSet(ImageTensorShape shape, float[] tensors, BackgroundKind[] kinds)
        {
            Shape = shape;
            _tensors = tensors;
            _kinds = kinds;
        }

        public ImageTensorShape Shape { get; }

        public int Count => _kinds.Length;

        public IReadOnlyList<BackgroundKind> Kinds => _kinds;

        /// <summary>Background <paramref name="index"/>'s input tensor.</summary>
        public ReadOnlySpan<float> Tensor(int index) => _tensors.AsSpan(index * Shape.Length, Shape.Length);

        /// <summary><paramref name="count"/> backgrounds for a seed, preprocessed as the classifier's description says.</summary>
        public static BackgroundSet ForClassifier(ImageClassifier classifier, int count, long seed)
        {
            ArgumentNullException.ThrowIfNull(classifier);
            ImageTensorShape shape = classifier.InputShape;
            IReadOnlyList<Background> backgrounds = NonInformativeBackgrounds.Generate(count, shape.Width, shape.Height, seed);
            return FromPictures(shape, backgrounds, classifier.WriteInput);
        }

        /// <summary>Preprocesses pictures with any writer (for a model without a classifier description).</summary>
        public static BackgroundSet FromPictures(ImageTensorShape shape, IReadOnlyList<Background> backgrounds, Action<Image<Rgb24>, Span<float>> writeInput)
        {
            ArgumentNullException.ThrowIfNull(backgrounds);
            ArgumentNullException.ThrowIfNull(writeInput);
            var tensors = new float[checked(backgrounds.Count * shape.Length)];
            var kinds = new BackgroundKind[backgrounds.Count];
            for (int j = 0; j < backgrounds.Count; j++)
            {
                using Image<Rgb24> image = backgrounds[j].ToImage();
                writeInput(image, tensors.AsSpan(j * shape.Length, shape.Length));
                kinds[j] = backgrounds[j].Kind;
            }

            return new BackgroundSet(shape, tensors, kinds);
        }

        /// <summary>Backgrounds given directly as input tensors (tests, or backgrounds made elsewhere).</summary>
        public static BackgroundSet FromTensors(ImageTensorShape shape, IReadOnlyList<float[]> tensors, IReadOnlyList<BackgroundKind>? kinds = null)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            if (tensors.Count == 0)
            {
                throw new ArgumentException("at least one background is needed", nameof(tensors));
            }

            var all = new float[checked(tensors.Count * shape.Length)];
            var k = new BackgroundKind[tensors.Count];
            for (int j = 0; j < tensors.Count; j++)
            {
                if (tensors[j].Length != shape.Length)
                {
                    throw new ArgumentException($"background {j} holds {tensors[j].Length} values; a {shape} input needs {shape.Length}");
                }

                tensors[j].CopyTo(all, j * shape.Length);
                k[j] = kinds != null ? kinds[j] : NonInformativeBackgrounds.KindOf(j);
            }

            return new BackgroundSet(shape, all, k);
        }
    }
}
