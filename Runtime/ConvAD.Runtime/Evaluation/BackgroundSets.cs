using System;
using System.Collections.Generic;
using ConvAD.Classification;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary><see cref="BackgroundSet"/>s made from pictures: the non-informative backgrounds, preprocessed into the model's input space.</summary>
    public static class BackgroundSets
    {
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
    }
}
