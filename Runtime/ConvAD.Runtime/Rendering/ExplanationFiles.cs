using System.IO;
using ConvAD.Explanation;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Rendering
{
    /// <summary>The files written for one explanation.</summary>
    public sealed record ExplanationFilePaths(string Heatmap, string Overlay, string Mask, string Responsibility);

    /// <summary>The pictures of an explanation at the image's own size (<see cref="ExplanationFiles.WriteAtImageSize"/>).</summary>
    internal sealed record ImageSizeFilePaths(string Heatmap, string Overlay, string Mask);

    /// <summary>Writes an explanation's pictures and its map to a folder, each file atomically, named after the image.</summary>
    public static class ExplanationFiles
    {
        /// <summary>
        /// Writes <c>STEM.heatmap.png</c>, <c>STEM.overlay.png</c>, <c>STEM.mask.png</c> and <c>STEM.responsibility.npy</c> (float32 H×W).
        /// ConvAD.Reporting's ComparisonSheet writes the side-by-side sheet of several explanations.
        /// </summary>
        public static ExplanationFilePaths Write(string folder, string stem, Image<Rgb24> fitted, ExplanationResult result, ColorMap? colorMap = null)
        {
            string Path(string suffix) => System.IO.Path.Combine(folder, stem + suffix);
            var paths = new ExplanationFilePaths(Path(".heatmap.png"), Path(".overlay.png"), Path(".mask.png"), Path(".responsibility.npy"));
            using (Image<Rgb24> heatmap = ExplanationPictures.Heatmap(fitted, result.Responsibility, colorMap))
            {
                SavePng(paths.Heatmap, heatmap);
            }

            using (Image<Rgb24> overlay = ExplanationPictures.Overlay(fitted, result.Explanation))
            {
                SavePng(paths.Overlay, overlay);
            }

            using (Image<Rgb24> mask = ExplanationPictures.Mask(result.Explanation))
            {
                SavePng(paths.Mask, mask);
            }

            NpyWriter.Write(paths.Responsibility, result.Responsibility.Values, result.Responsibility.Height, result.Responsibility.Width);
            return paths;
        }

        /// <summary>
        /// Writes <c>STEM.full.heatmap.png</c>, <c>STEM.full.overlay.png</c> and <c>STEM.full.mask.png</c>: the explanation drawn on
        /// <paramref name="image"/>, the image as it was given (before the resize and crop <paramref name="geometry"/> describes), at its size.
        /// </summary>
        internal static ImageSizeFilePaths WriteAtImageSize(string folder, string stem, Image<Rgb24> image, FitGeometry geometry, ExplanationResult result,
            ColorMap? colorMap = null)
        {
            string Path(string suffix) => System.IO.Path.Combine(folder, stem + ".full" + suffix);
            var paths = new ImageSizeFilePaths(Path(".heatmap.png"), Path(".overlay.png"), Path(".mask.png"));
            using (Image<Rgb24> heatmap = ImageSizePictures.Heatmap(image, geometry, result.Responsibility, colorMap))
            {
                SavePng(paths.Heatmap, heatmap);
            }

            using (Image<Rgb24> overlay = ImageSizePictures.Overlay(image, geometry, result.Explanation))
            {
                SavePng(paths.Overlay, overlay);
            }

            using (Image<Rgb24> mask = ImageSizePictures.Mask(geometry, result.Explanation))
            {
                SavePng(paths.Mask, mask);
            }

            return paths;
        }

        /// <summary>Writes <paramref name="image"/> as a PNG at <paramref name="path"/>, atomically.</summary>
        public static void SavePng(string path, Image<Rgb24> image) => AtomicFile.Write(path, s => image.SaveAsPng(s));
    }
}
