using System;
using ConvAD.Description;

namespace ConvAD.Imaging
{
    /// <summary>
    /// Where the model's input pixels come from in the image it was given: the resize (to <see cref="ResizedWidth"/> ×
    /// <see cref="ResizedHeight"/>) and the crop (<see cref="Left"/>, <see cref="Top"/>, model width × height) that
    /// <see cref="ImageFitter"/> applies. One computation for the fitting and for drawing an explanation back on the image.
    /// </summary>
    internal sealed record FitGeometry(int SourceWidth, int SourceHeight, int ResizedWidth, int ResizedHeight, int Left, int Top, int Width, int Height)
    {
        /// <summary>Whether the image is taken as it is (already at the model's size: no resize, no crop).</summary>
        public bool IsIdentity => SourceWidth == Width && SourceHeight == Height;

        /// <summary>The geometry of fitting a <paramref name="sourceWidth"/>×<paramref name="sourceHeight"/> image to <paramref name="width"/>×<paramref name="height"/>.</summary>
        public static FitGeometry For(int sourceWidth, int sourceHeight, Preprocessing preprocessing, int width, int height)
        {
            // An image already at the input size is taken as already fitted in every mode (ImageFitter says why).
            if ((sourceWidth == width && sourceHeight == height) || preprocessing.Resize == ResizeKind.Stretch)
            {
                return new FitGeometry(sourceWidth, sourceHeight, width, height, 0, 0, width, height);
            }

            // torchvision's Resize(shortSide) + CenterCrop((height, width)): the long side is truncated, the crop offset rounded half to even.
            int shortSide = preprocessing.ShortSide!.Value;
            (int resizedW, int resizedH) = sourceWidth <= sourceHeight
                ? (shortSide, (int)((long)shortSide * sourceHeight / sourceWidth))
                : ((int)((long)shortSide * sourceWidth / sourceHeight), shortSide);
            if (resizedW < width || resizedH < height)
            {
                throw new ArgumentException(
                    $"shortSide {shortSide} resizes a {sourceWidth}×{sourceHeight} image to {resizedW}×{resizedH}, too small for a {width}×{height} centre crop");
            }

            int left = (int)Math.Round((resizedW - width) / 2.0, MidpointRounding.ToEven);
            int top = (int)Math.Round((resizedH - height) / 2.0, MidpointRounding.ToEven);
            return new FitGeometry(sourceWidth, sourceHeight, resizedW, resizedH, left, top, width, height);
        }

        /// <summary>
        /// The model pixel that image pixel (<paramref name="x"/>, <paramref name="y"/>) falls in (the resized grid's cell under the
        /// pixel's centre, less the crop offset); false when the crop cut it off, so the model never considered it.
        /// </summary>
        public bool TryModelPixel(int x, int y, out int modelX, out int modelY)
        {
            modelX = Cell(x, SourceWidth, ResizedWidth) - Left;
            modelY = Cell(y, SourceHeight, ResizedHeight) - Top;
            return modelX >= 0 && modelX < Width && modelY >= 0 && modelY < Height;
        }

        private static int Cell(int pixel, int source, int resized) => Math.Min(resized - 1, (int)((pixel + 0.5) * resized / source));
    }
}
