using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Fuzz.Harnesses
{
    /// <summary>
    /// Image bytes through the loader every command uses, with its default limits. The decoders throw many exception
    /// types on hostile bytes; the loader's contract is that callers only ever see <see cref="ImageLoadException"/>.
    /// </summary>
    internal static class ImageHarness
    {
        private static readonly ImageLoader Loader = new ImageLoader();

        public static void Run(byte[] input)
        {
            using var file = new ScratchFile(input, ".img");
            try
            {
                using Image<Rgb24> image = Loader.Load(file.Path);
            }
            catch (ImageLoadException)
            {
            }
        }
    }
}
