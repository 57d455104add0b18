using ConvAD.Imaging;
using ConvAD.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Explanation
{
    /// <summary>
    /// An explanation together with the image it explains, as the model saw it, so that it can draw and save its own pictures:
    /// <c>classifier.Explain("photo.jpg").Save("out")</c>. Made by <c>ImageClassifier.Explain</c> and by the <c>Explain</c> of
    /// generated model classes. It owns <see cref="Image"/>: dispose it when done.
    /// </summary>
    public sealed class ImageExplanation : ImageResult<ExplanationResult>
    {
        internal ImageExplanation(ExplanationResult result, Image<Rgb24> image, string name)
            : base(result, image, name)
        {
        }

        /// <summary>The class explained: the model's top class on the whole image, with its probability.</summary>
        public Prediction Target => Result.Target;

        /// <summary>The smallest set of pixels found that keeps the target on its own.</summary>
        public SufficientExplanation Explanation => Result.Explanation;

        /// <summary>Each pixel's responsibility for the target (H×W).</summary>
        public ResponsibilityMap Responsibility => Result.Responsibility;

        /// <summary>
        /// Writes <c>NAME.heatmap.png</c>, <c>NAME.overlay.png</c>, <c>NAME.mask.png</c> and <c>NAME.responsibility.npy</c> into
        /// <paramref name="folder"/> (created when missing), each atomically, with <paramref name="name"/> or <see cref="ImageResult{TResult}.Name"/> as NAME.
        /// </summary>
        public ExplanationFilePaths Save(string folder, string? name = null, ColorMap? colorMap = null) =>
            ExplanationFiles.Write(folder, SaveName(folder, name), Image, Result, colorMap);
    }
}
