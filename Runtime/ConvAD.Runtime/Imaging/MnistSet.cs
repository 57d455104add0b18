using System;
using System.Collections.Generic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Imaging
{
    /// <summary>MNIST digits as read from idx files: row-major grey bytes (0 = background) and their labels.</summary>
    public sealed class MnistSet
    {
        internal MnistSet(int rows, int columns, IReadOnlyList<byte[]> images, IReadOnlyList<int> labels)
        {
            Rows = rows;
            Columns = columns;
            Images = images;
            Labels = labels;
        }

        /// <summary>Height of every digit image in pixels (28 for MNIST).</summary>
        public int Rows { get; }

        /// <summary>Width of every digit image in pixels (28 for MNIST).</summary>
        public int Columns { get; }

        /// <summary>The number of images (and labels).</summary>
        public int Count => Images.Count;

        /// <summary>Each digit's <see cref="Rows"/> × <see cref="Columns"/> pixels, row by row.</summary>
        public IReadOnlyList<byte[]> Images { get; }

        /// <summary>Each digit's class, 0..9.</summary>
        public IReadOnlyList<int> Labels { get; }

        /// <summary>Digit <paramref name="index"/> as an RGB image with R = G = B, ready for <see cref="Preprocessor"/>. The caller disposes it.</summary>
        public Image<Rgb24> ToImage(int index)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            using Image<L8> grey = Image.LoadPixelData<L8>(Images[index], Columns, Rows);
            return grey.CloneAs<Rgb24>();
        }
    }
}
