using System;
using System.IO;
using System.Threading.Tasks;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Imaging
{
    /// <summary>
    /// Small files that decode into huge work (scripts/make_hostile_images.py), special files, and files cut short: each is
    /// answered with its first frame or a one-line error, never gigabytes or a hang. Peak memory of the CLI on each is
    /// measured by scripts/measure-hostile-inputs.sh (docs/reliability.md).
    /// </summary>
    public sealed class HostileImageTests : IDisposable
    {
        private readonly ScratchDirectory _dir = new ScratchDirectory();
        private readonly ImageLoader _loader = new ImageLoader();

        public void Dispose() => _dir.Dispose();

        private static string Hostile(string name) => RepoPaths.File("Tests", "Fixtures", "images", "hostile", name);

        [Fact]
        public void A_GIF_of_300_frames_on_a_6000_square_screen_decodes_its_first_frame_only()
        {
            // Decoding every frame onto its canvas took 23 GB before.
            using Image<Rgb24> image = _loader.Load(Hostile("gif_screen_frames.gif"));
            Assert.Equal((6000, 6000), (image.Width, image.Height));
            Assert.Equal(1, image.Frames.Count);
        }

        [Theory]
        [InlineData("png_ztxt_bomb.png")]
        [InlineData("png_itxt_bomb.png")]
        public void A_PNG_text_chunk_that_inflates_to_1_GiB_is_never_inflated(string name)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            using Image<Rgb24> image = _loader.Load(Hostile(name));
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.Equal((1, 1), (image.Width, image.Height));
            Assert.True(allocated < 64L << 20, $"{allocated >> 20} MB allocated for a 1×1 image");
        }

        [Fact]
        public void A_TIFF_decodes_its_first_page_only()
        {
            using Image<Rgb24> image = _loader.Load(Hostile("tiff_big_second_page.tif"));
            Assert.Equal((64, 64), (image.Width, image.Height));
        }

        [Theory]
        [InlineData("truncated.jpg", "the JPEG data is cut short (no end-of-image marker after its scans)")]
        [InlineData("truncated.png", "the PNG data is cut short (no IEND chunk)")]
        public void A_file_cut_short_is_refused_unless_allowed(string name, string reason)
        {
            Assert.Equal(reason, Assert.Throws<ImageLoadException>(() => _loader.Load(Hostile(name))).Reason);
            using Image<Rgb24> decoded = new ImageLoader(allowTruncated: true).Load(Hostile(name));
            Assert.True(decoded.Width > 0);
        }

        [Fact]
        public void A_cut_short_GIF_is_refused()
        {
            byte[] gif = File.ReadAllBytes(Hostile("gif_screen_frames.gif"));
            string path = _dir.Write("cut.gif", gif.AsSpan(0, gif.Length - 40).ToArray());
            Assert.Equal("the GIF data is cut short (no trailer)", Assert.Throws<ImageLoadException>(() => _loader.Load(path)).Reason);
        }

        [Fact]
        public void Complete_real_photos_are_not_taken_for_truncated()
        {
            foreach (string photo in Directory.GetFiles(RepoPaths.File("data", "photos")))
            {
                if (!photo.EndsWith(".txt", StringComparison.Ordinal))
                {
                    using Image<Rgb24> image = _loader.Load(photo);
                }
            }
        }

        [Fact]
        public async Task A_FIFO_named_like_an_image_is_refused_without_blocking()
        {
            string path = _dir.Fifo("x.png");
            Task<ImageLoadException> load = Task.Run(() => Assert.Throws<ImageLoadException>(() => _loader.Load(path)));
            Task first = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.True(first == load, "loading a FIFO blocked");
            Assert.Equal("is empty, or not a regular file (a pipe, socket or device)", (await load).Reason);
        }

        [Fact]
        public void A_device_is_refused() =>
            Assert.Equal("is empty, or not a regular file (a pipe, socket or device)", Assert.Throws<ImageLoadException>(() => _loader.Load("/dev/zero")).Reason);
    }
}
