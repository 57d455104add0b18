using System;
using ConvAD.Description;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ConvAD.Imaging
{
    /// <summary>The geometric half of preprocessing: bring any image to the model's width × height.</summary>
    internal static class ImageFitter
    {
        /// <summary>The image at exactly <paramref name="width"/>×<paramref name="height"/>; null when it already is (nothing to resample).</summary>
        public static Image<Rgb24>? FitOrNull(Image<Rgb24> image, Preprocessing preprocessing, int width, int height)
        {
            // An image already at the input size is taken as already fitted in every mode: explainers mask the fitted
            // image and feed it back, and a second resize or crop would move their masks.
            if (image.Width == width && image.Height == height)
            {
                return null;
            }

            FitGeometry geometry = FitGeometry.For(image.Width, image.Height, preprocessing, width, height);
            bool resize = geometry.ResizedWidth != image.Width || geometry.ResizedHeight != image.Height;
            bool crop = geometry.ResizedWidth != width || geometry.ResizedHeight != height;
            try
            {
                return image.Clone(x =>
                {
                    if (resize)
                    {
                        x.Resize(geometry.ResizedWidth, geometry.ResizedHeight, KnownResamplers.Triangle);
                    }

                    if (crop)
                    {
                        x.Crop(new Rectangle(geometry.Left, geometry.Top, width, height));
                    }
                });
            }
            catch (InvalidMemoryOperationException e)
            {
                // The resized image is held whole before the crop; the loader's allocation limit stops a size that would
                // not fit (a 40000×1000 photo at shortSide 8192 is 327680×8192 pixels, 8 GB). Say which resize it was.
                string how = preprocessing.ShortSide is int shortSide ? $"shortSide {shortSide} resizes" : "the stretch resizes";
                throw new ArgumentException(
                    $"{how} a {image.Width}×{image.Height} image to {geometry.ResizedWidth}×{geometry.ResizedHeight} "
                    + $"({(double)geometry.ResizedWidth * geometry.ResizedHeight / 1e6:0.#} megapixels), more than the image memory limit allows (ImageLoader's maxPixels)", e);
            }
        }
    }
}
