using System;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The classifier as the explainer needs it: a plain forward (for occlusion and the target) and a masked
    /// ConvAD forward (for AD). The engine (<c>ConvAdModel</c>) and the GPU runtime (<c>GpuConvAdModel</c>) implement it;
    /// so can a generated model class, or a decorator in a test. The invariant checker (<c>InvariantChecker</c>) works on it too.
    /// </summary>
    /// <remarks>A model shared by explainers on several threads must be thread-safe; the engine and the GPU runtime are.</remarks>
    public interface IExplainableModel
    {
        /// <summary>One image's slice of the input tensor (channels, height, width, layout).</summary>
        ImageTensorShape Shape { get; }

        /// <summary>Scores per image (the model's classes).</summary>
        int ClassCount { get; }

        /// <summary>Scores of <paramref name="count"/> images (model layout, float32).</summary>
        void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores);

        /// <summary>The ConvAD forward: one H×W mask of 0/1 floats per image, 1 = present.</summary>
        void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores);
    }
}
