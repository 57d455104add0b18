using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace ConvAD.Imaging
{
    /// <summary>Reads the MNIST idx format (images: magic 2051, labels: magic 2049; big-endian headers), gzip-compressed or not.</summary>
    public static class MnistReader
    {
        private const int ImagesMagic = 0x00000803;
        private const int LabelsMagic = 0x00000801;

        // Far above MNIST's 28×28; it only stops a corrupt header from asking for a huge allocation.
        private const int MaxSide = 4096;

        /// <summary>Reads the first <paramref name="limit"/> digits (all of them when the files hold fewer).</summary>
        /// <exception cref="MnistFormatException">A file is not valid idx data, or the two files disagree.</exception>
        public static MnistSet Read(string imagesPath, string labelsPath, int limit = int.MaxValue)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit);
            string images = Path.GetFullPath(imagesPath), labels = Path.GetFullPath(labelsPath);
            using Stream imageStream = Open(images);
            using Stream labelStream = Open(labels);

            int imageCount = ReadHeaderInt(imageStream, images, ImagesMagic, "images (idx3)");
            int rows = ReadHeaderInt(imageStream, images, null, "row count");
            int columns = ReadHeaderInt(imageStream, images, null, "column count");
            int labelCount = ReadHeaderInt(labelStream, labels, LabelsMagic, "labels (idx1)");
            if (rows <= 0 || columns <= 0 || rows > MaxSide || columns > MaxSide)
            {
                throw new MnistFormatException(images, $"implausible image size {rows}×{columns}");
            }

            if (imageCount != labelCount)
            {
                throw new MnistFormatException(images, $"holds {imageCount} images but {Path.GetFileName(labels)} holds {labelCount} labels");
            }

            int count = Math.Min(imageCount, limit);
            var pixels = new byte[count][];
            var classes = new int[count];
            var labelBytes = new byte[count];
            ReadExactly(labelStream, labels, labelBytes, $"{count} labels");
            for (int i = 0; i < count; i++)
            {
                pixels[i] = new byte[rows * columns];
                ReadExactly(imageStream, images, pixels[i], $"image {i} of {imageCount}");
                classes[i] = labelBytes[i];
            }

            return new MnistSet(rows, columns, Array.AsReadOnly(pixels), Array.AsReadOnly(classes));
        }

        private static Stream Open(string path)
        {
            if (!File.Exists(path))
            {
                throw new MnistFormatException(path, "file not found");
            }

            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            try
            {
                // gzip starts 1F 8B; idx starts 00 00, so one look tells them apart.
                int first = file.ReadByte(), second = file.ReadByte();
                file.Position = 0;
                return first == 0x1F && second == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        private static int ReadHeaderInt(Stream stream, string path, int? expectedMagic, string what)
        {
            Span<byte> buffer = stackalloc byte[4];
            if (expectedMagic != null)
            {
                ReadExactly(stream, path, buffer, "the magic number");
                int magic = BinaryPrimitives.ReadInt32BigEndian(buffer);
                if (magic != expectedMagic)
                {
                    throw new MnistFormatException(path, $"magic number 0x{magic:X8} is not 0x{expectedMagic:X8}; not an MNIST {what} file");
                }
            }

            ReadExactly(stream, path, buffer, expectedMagic != null ? "the item count" : $"the {what}");
            int value = BinaryPrimitives.ReadInt32BigEndian(buffer);
            if (value < 0)
            {
                throw new MnistFormatException(path, $"negative {(expectedMagic != null ? "item count" : what)} {value}");
            }

            return value;
        }

        private static void ReadExactly(Stream stream, string path, Span<byte> buffer, string what)
        {
            try
            {
                stream.ReadExactly(buffer);
            }
            catch (EndOfStreamException ex)
            {
                throw new MnistFormatException(path, $"file ends before {what} (truncated)", ex);
            }
            catch (InvalidDataException ex)
            {
                throw new MnistFormatException(path, $"corrupt gzip data: {ex.Message}", ex);
            }
        }
    }
}
