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

            return preprocessing.Resize == ResizeKind.Stretch
                ? image.Clone(x => x.Resize(width, height, KnownResamplers.Triangle))
                : ShortSideCenterCrop(image, preprocessing.ShortSide!.Value, width, height);
        }

        /// <summary>torchvision's Resize(shortSide) + CenterCrop((height, width)): the long side is truncated, the crop offset rounded half to even.</summary>
        private static Image<Rgb24> ShortSideCenterCrop(Image<Rgb24> image, int shortSide, int width, int height)
        {
            int w = image.Width, h = image.Height;
            (int resizedW, int resizedH) = w <= h
                ? (shortSide, (int)((long)shortSide * h / w))
                : ((int)((long)shortSide * w / h), shortSide);
            if (resizedW < width || resizedH < height)
            {
                throw new ArgumentException(
                    $"shortSide {shortSide} resizes a {w}×{h} image to {resizedW}×{resizedH}, too small for a {width}×{height} centre crop");
            }

            int left = (int)Math.Round((resizedW - width) / 2.0, MidpointRounding.ToEven);
            int top = (int)Math.Round((resizedH - height) / 2.0, MidpointRounding.ToEven);
            var crop = new Rectangle(left, top, width, height);
            bool resize = resizedW != w || resizedH != h;
            try
            {
                return image.Clone(x =>
                {
                    if (resize)
                    {
                        x.Resize(resizedW, resizedH, KnownResamplers.Triangle);
                    }

                    x.Crop(crop);
                });
            }
            catch (InvalidMemoryOperationException e)
            {
                // The resized image is held whole before the crop; the loader's allocation limit stops a size that would
                // not fit (a 40000×1000 photo at shortSide 8192 is 327680×8192 pixels, 8 GB). Say which resize it was.
                throw new ArgumentException(
                    $"shortSide {shortSide} resizes a {w}×{h} image to {resizedW}×{resizedH} ({(double)resizedW * resizedH / 1e6:0.#} megapixels), "
                    + "more than the image memory limit allows (ImageLoader's maxPixels)", e);
            }
        }
    }
}
