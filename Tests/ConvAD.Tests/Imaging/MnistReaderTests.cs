using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using ConvAD.Imaging;
using Xunit;

namespace ConvAD.Tests.Imaging
{
    public sealed class MnistReaderTests : IDisposable
    {
        private readonly ScratchDirectory _dir = new ScratchDirectory();

        public void Dispose() => _dir.Dispose();

        internal static MnistSet ReadTestSet(int limit = int.MaxValue) =>
            MnistReader.Read(
                RepoPaths.File("data", "mnist", "mnist_t10k-images-idx3-ubyte.gz"),
                RepoPaths.File("data", "mnist", "mnist_t10k-labels-idx1-ubyte.gz"),
                limit);

        [Fact]
        public void Reads_the_whole_t10k_set()
        {
            MnistSet set = ReadTestSet();
            Assert.Equal(10000, set.Count);
            Assert.Equal((28, 28), (set.Rows, set.Columns));
            Assert.Equal(7, set.Labels[0]);
            Assert.Equal(2, set.Labels[1]);
            Assert.All(set.Labels, label => Assert.InRange(label, 0, 9));
            Assert.Equal(Enumerable.Range(0, 10), set.Labels.Distinct().OrderBy(x => x));
            Assert.Equal(0, set.Images[0][0]);      // corner is background
            Assert.Equal(255, set.Images[0].Max()); // strokes saturate
        }

        [Fact]
        public void Limit_is_respected()
        {
            MnistSet set = ReadTestSet(5);
            Assert.Equal(5, set.Count);
            Assert.Equal(new[] { 7, 2, 1, 0, 4 }, set.Labels);
        }

        [Fact]
        public void ToImage_makes_a_grey_rgb_image()
        {
            MnistSet set = ReadTestSet(1);
            using var image = set.ToImage(0);
            Assert.Equal((28, 28), (image.Width, image.Height));
            byte v = set.Images[0][14 * 28 + 14];
            Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(v, v, v), image[14, 14]);
        }

        [Fact]
        public void Swapped_files_fail_on_the_magic_number()
        {
            string labels = RepoPaths.File("data", "mnist", "mnist_t10k-labels-idx1-ubyte.gz");
            MnistFormatException ex = Assert.Throws<MnistFormatException>(() => MnistReader.Read(labels, labels));
            Assert.Contains("mnist_t10k-labels-idx1-ubyte.gz", ex.Message);
            Assert.Contains("magic number 0x00000801 is not 0x00000803", ex.Message);
        }

        [Fact]
        public void Truncated_images_file_fails()
        {
            // A valid header promising two 28×28 images, followed by only 100 bytes; written uncompressed to cover that path too.
            byte[] data = Header(0x803, 2, 28, 28).Concat(new byte[100]).ToArray();
            string images = _dir.Write("images-idx3-ubyte", data);
            string labels = WriteGzip("labels-idx1-ubyte.gz", Header(0x801, 2).Concat(new byte[] { 3, 4 }).ToArray());
            MnistFormatException ex = Assert.Throws<MnistFormatException>(() => MnistReader.Read(images, labels));
            Assert.Contains("file ends before image 0 of 2 (truncated)", ex.Message);
        }

        [Fact]
        public void Count_mismatch_fails()
        {
            string images = WriteGzip("i.gz", Header(0x803, 3, 2, 2).Concat(new byte[12]).ToArray());
            string labels = WriteGzip("l.gz", Header(0x801, 2).Concat(new byte[2]).ToArray());
            Assert.Contains("holds 3 images but l.gz holds 2 labels", Assert.Throws<MnistFormatException>(() => MnistReader.Read(images, labels)).Message);
        }

        [Fact]
        public void Corrupt_gzip_fails()
        {
            string images = _dir.Write("bad.gz", new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF });
            string labels = WriteGzip("l.gz", Header(0x801, 0));
            Assert.Throws<MnistFormatException>(() => MnistReader.Read(images, labels));
        }

        private string WriteGzip(string name, byte[] content)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(content);
            }

            return _dir.Write(name, memory.ToArray());
        }

        private static byte[] Header(params int[] values) =>
            values.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();
    }
}
