using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// A model that also runs layer masking (Balasubramanian and Feizi): its masked forward with the mask max-pooled
    /// through each layer and occluded positions filled from present neighbours before every convolution. The ONNX
    /// Runtime engine (<c>ConvAdModel</c>) implements it; a model that does not cannot be explained under
    /// <see cref="Perturbation.LayerMasking"/>.
    /// </summary>
    public interface ILayerMaskingModel : IExplainableModel
    {
        /// <summary>The layer-masking forward: one H×W mask of 0/1 floats per image, 1 = present.</summary>
        void RunLayerMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores);
    }
}
