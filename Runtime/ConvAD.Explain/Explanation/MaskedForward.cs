using System;

namespace ConvAD.Explanation
{
    /// <summary>The one place that picks the model's masked forward for a perturbation that has one (AD, layer masking).</summary>
    public static class MaskedForward
    {
        /// <summary>Scores <paramref name="count"/> unchanged images under their masks with <paramref name="perturbation"/>'s forward.</summary>
        /// <exception cref="NotSupportedException">Layer masking on a model without a layer-masking forward (the GPU runtime).</exception>
        public static void Run(IExplainableModel model, Perturbation perturbation, ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count,
            Span<float> scores)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(perturbation);
            switch (perturbation.Kind)
            {
                case PerturbationKind.ActivationDeactivation:
                    model.RunMasked(images, masks, count, scores);
                    break;
                case PerturbationKind.LayerMasking:
                    ILayerMaskingModel layerMasking = model as ILayerMaskingModel ?? throw new NotSupportedException(
                        $"{model.GetType().Name} has no layer-masking forward: run layer masking on the ONNX Runtime engine");
                    layerMasking.RunLayerMasked(images, masks, count, scores);
                    break;
                default:
                    throw new ArgumentException($"'{perturbation.Name}' occludes the image and has no masked forward", nameof(perturbation));
            }
        }
    }
}
