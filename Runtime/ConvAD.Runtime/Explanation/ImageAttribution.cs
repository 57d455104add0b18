using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Explanation
{
    /// <summary>
    /// An attribution map (occlusion, RISE, KernelSHAP) together with the image, as the model saw it, so that it can save its
    /// own files: <c>classifier.Attribute("photo.jpg", new RiseOptions()).Save("out")</c>. It owns <see cref="Image"/>: dispose it.
    /// </summary>
    public sealed class ImageAttribution : ImageResult<AttributionResult>
    {
        internal ImageAttribution(AttributionResult result, Image<Rgb24> image, string name)
            : base(result, image, name)
        {
        }

        /// <summary>Writes the heatmap, the .npy map and the JSON summary into <paramref name="folder"/> (<see cref="AttributionFiles"/>).</summary>
        public AttributionFilePaths Save(string folder, string? name = null, ColorMap? colorMap = null) =>
            AttributionFiles.Write(folder, SaveName(folder, name), Image, Result, colorMap);
    }
}
