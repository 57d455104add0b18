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

        /// <summary>
        /// <paramref name="count"/> backgrounds cycling through <paramref name="kinds"/>; shuffled tiles are cut from
        /// <paramref name="tileSources"/> (see <see cref="NonInformativeBackgrounds"/>).
        /// </summary>
        public static BackgroundSet ForClassifier(ImageClassifier classifier, int count, long seed, IReadOnlyList<BackgroundKind> kinds,
            IReadOnlyList<Background>? tileSources)
        {
            ArgumentNullException.ThrowIfNull(classifier);
            ImageTensorShape shape = classifier.InputShape;
            return FromPictures(shape, NonInformativeBackgrounds.Generate(count, shape.Width, shape.Height, seed, kinds, tileSources), classifier.WriteInput);
        }

        /// <summary>A picture as a tile source for <see cref="BackgroundKind.ShuffledTiles"/>, at its own size.</summary>
        public static Background TileSource(Image<Rgb24> picture)
        {
            ArgumentNullException.ThrowIfNull(picture);
            var pixels = new Rgb24[picture.Width * picture.Height];
            picture.CopyPixelDataTo(pixels);
            return new Background(BackgroundKind.ShuffledTiles, picture.Width, picture.Height, pixels);
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
