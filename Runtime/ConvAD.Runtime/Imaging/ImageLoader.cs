using System;
using System.Globalization;
using System.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ConvAD.Imaging
{
    /// <summary>
    /// Decodes untrusted image files into <see cref="Image{Rgb24}"/> with bounded memory: the file size is checked before
    /// reading and the header's dimensions (<see cref="Image.Identify(Configuration, byte[], out IImageFormat)"/>) before
    /// decoding, so a small file that claims 50000×50000 pixels is refused instead of allocating gigabytes.
    /// </summary>
    public sealed class ImageLoader
    {
        public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

        public const long DefaultMaxPixels = 40_000_000;

        public ImageLoader(long maxFileBytes = DefaultMaxFileBytes, long maxPixels = DefaultMaxPixels)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFileBytes);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
            MaxFileBytes = maxFileBytes;
            MaxPixels = maxPixels;
        }

        public long MaxFileBytes { get; }

        /// <summary>The largest width × height accepted (of the first frame's canvas).</summary>
        public long MaxPixels { get; }

        /// <summary>
        /// Loads the first frame as RGB, upright (EXIF orientation applied). Grey images become R = G = B; an alpha channel
        /// is dropped (as PIL's <c>convert("RGB")</c> does), so fully transparent pixels keep their stored colour.
        /// The file is only read.
        /// </summary>
        /// <exception cref="ImageLoadException">The file is missing, empty, too large, not an image, or corrupt.</exception>
        public Image<Rgb24> Load(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string fullPath = Path.GetFullPath(path);
            byte[] bytes = ReadBounded(fullPath);

            // Identify and decode the same bytes, so the file cannot change between the size check and the decode.
            Configuration configuration = Configuration.Default;
            IImageInfo? info = Guard(fullPath, () => Image.Identify(configuration, bytes, out IImageFormat _));
            if (info == null)
            {
                throw new ImageLoadException(fullPath, "not a supported image format (expected PNG, JPEG, BMP, GIF, TGA, TIFF, WebP or PBM)");
            }

            CheckDimensions(fullPath, info.Width, info.Height);
            Image<Rgb24> image = Guard(fullPath, () => Image.Load<Rgb24>(configuration, bytes));
            try
            {
                if (image.Frames.Count > 1)
                {
                    Image<Rgb24> first = image.Frames.CloneFrame(0);
                    image.Dispose();
                    image = first;
                }

                image.Mutate(x => x.AutoOrient());
                return image;
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }

        private byte[] ReadBounded(string fullPath)
        {
            if (Directory.Exists(fullPath))
            {
                throw new ImageLoadException(fullPath, "is a directory, not an image file");
            }

            if (!File.Exists(fullPath))
            {
                throw new ImageLoadException(fullPath, "file not found");
            }

            try
            {
                using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
                long length = stream.Length;
                if (length == 0)
                {
                    throw new ImageLoadException(fullPath, "file is empty");
                }

                if (length > MaxFileBytes)
                {
                    throw new ImageLoadException(fullPath, $"file is {FormatBytes(length)}, over the {FormatBytes(MaxFileBytes)} limit");
                }

                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                return bytes;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ImageLoadException(fullPath, $"cannot read the file: {ex.Message}", ex);
            }
        }

        private void CheckDimensions(string fullPath, int width, int height)
        {
            if (width <= 0 || height <= 0)
            {
                throw new ImageLoadException(fullPath, $"invalid dimensions {width}×{height}");
            }

            long pixels = (long)width * height;
            if (pixels > MaxPixels)
            {
                throw new ImageLoadException(
                    fullPath,
                    $"dimensions {width}×{height} ({Megapixels(pixels)} megapixels) exceed the limit of {Megapixels(MaxPixels)} megapixels");
            }
        }

        /// <summary>Decoders fed hostile bytes throw many exception types; callers get one, naming the file.</summary>
        private static T Guard<T>(string fullPath, Func<T> decode)
        {
            try
            {
                return decode();
            }
            catch (UnknownImageFormatException ex)
            {
                throw new ImageLoadException(fullPath, "not a supported image format", ex);
            }
            catch (InvalidImageContentException ex)
            {
                throw new ImageLoadException(fullPath, $"the image data is corrupt: {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && ex is not ImageLoadException)
            {
                throw new ImageLoadException(fullPath, $"could not decode the image: {ex.Message}", ex);
            }
        }

        private static string Megapixels(long pixels) => (pixels / 1e6).ToString("0.##", CultureInfo.InvariantCulture);

        private static string FormatBytes(long bytes) =>
            bytes >= 1024 * 1024
                ? (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
                : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
    }
}
