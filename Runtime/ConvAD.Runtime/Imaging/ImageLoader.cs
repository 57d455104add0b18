using System;
using System.Globalization;
using System.IO;
using ConvAD.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ConvAD.Imaging
{
    /// <summary>
    /// Decodes untrusted image files into <see cref="Image{Rgb24}"/> with bounded memory. Only regular files are read (a
    /// FIFO or a device would block or never end), and only up to <see cref="MaxFileBytes"/>; the header's dimensions are
    /// checked before decoding, so a small file that claims 50000×50000 pixels is refused instead of allocating gigabytes;
    /// decoders read the first frame or page only (a GIF of 300 frames on a 6000×6000 screen, or a TIFF whose second page is
    /// 20000×20000, costs one frame); a PNG's text chunks are dropped unread (one that inflates to 1 GiB is never inflated); every
    /// buffer ImageSharp allocates is capped; a file cut short before its format's end marker is refused.
    /// Thread-safe: a loader holds only its limits.
    /// </summary>
    public sealed class ImageLoader
    {
        /// <summary>The default largest file read: 64 MiB.</summary>
        public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

        /// <summary>The default largest width × height decoded: 40 million pixels.</summary>
        public const long DefaultMaxPixels = 40_000_000;

        private readonly Configuration _configuration;

        /// <param name="maxFileBytes">The largest file read.</param>
        /// <param name="maxPixels">The largest width × height decoded (of the first frame's canvas).</param>
        /// <param name="allowTruncated">Decode files cut short before their end marker instead of refusing them.</param>
        public ImageLoader(long maxFileBytes = DefaultMaxFileBytes, long maxPixels = DefaultMaxPixels, bool allowTruncated = false)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFileBytes);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
            MaxFileBytes = maxFileBytes;
            MaxPixels = maxPixels;
            AllowTruncated = allowTruncated;
            _configuration = DecodingConfiguration(maxPixels);
        }

        /// <summary>The largest file read, in bytes; a larger file is refused.</summary>
        public long MaxFileBytes { get; }

        /// <summary>The largest width × height accepted (of the first frame's canvas).</summary>
        public long MaxPixels { get; }

        /// <summary>Whether a file cut short before its end marker is decoded (what the decoder makes of it) instead of refused.</summary>
        public bool AllowTruncated { get; }

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
            byte[] bytes = PngTextChunks.Strip(ReadBounded(fullPath));

            // Identify and decode the same bytes, so the file cannot change between the size check and the decode.
            Configuration configuration = _configuration;
            IImageInfo? info = Guard(fullPath, () => Image.Identify(configuration, bytes, out IImageFormat _));
            if (info == null)
            {
                throw new ImageLoadException(fullPath, "not a supported image format (expected PNG, JPEG, BMP, GIF, TGA, TIFF, WebP or PBM)");
            }

            CheckDimensions(fullPath, info.Width, info.Height);
            if (!AllowTruncated && ImageCompleteness.Truncation(bytes) is string truncation)
            {
                throw new ImageLoadException(fullPath, truncation);
            }

            if (IsAnimatedWebp(bytes))
            {
                // ImageSharp 2.1 decodes every frame of an animated WebP and offers no first-frame mode.
                throw new ImageLoadException(fullPath, "animated WebP is not supported: save its first frame as a still image");
            }

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

        /// <summary>First frame or page only, and no single buffer larger than one frame of the largest accepted canvas.</summary>
        private static Configuration DecodingConfiguration(long maxPixels)
        {
            Configuration configuration = Configuration.Default.Clone();
            ImageFormatManager formats = configuration.ImageFormatsManager;
            formats.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, MaxFrames = 1 });
            formats.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });

            // Rgba32 is the widest pixel a decoder works in; a little room for per-row scratch buffers.
            int limitMegabytes = (int)Math.Min(int.MaxValue, maxPixels * 4 / (1024 * 1024) + 16);
            configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = limitMegabytes });
            return configuration;
        }

        /// <summary>A WebP with the VP8X header's animation flag set.</summary>
        private static bool IsAnimatedWebp(ReadOnlySpan<byte> bytes) =>
            bytes.Length > 20 && bytes.Slice(0, 4).SequenceEqual("RIFF"u8) && bytes.Slice(8, 8).SequenceEqual("WEBPVP8X"u8) && (bytes[20] & 0x02) != 0;

        private byte[] ReadBounded(string fullPath)
        {
            try
            {
                return BoundedFile.ReadAllBytes(fullPath, MaxFileBytes, "image file");
            }
            catch (FileNotFoundException ex)
            {
                throw new ImageLoadException(fullPath, "file not found", ex);
            }
            catch (InputFileException ex)
            {
                throw new ImageLoadException(fullPath, ex.Reason, ex);
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
    }
}
