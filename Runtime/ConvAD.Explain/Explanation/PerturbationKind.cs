namespace ConvAD.Explanation
{
    /// <summary>How a mutant removes the pixels its mask marks as occluded.</summary>
    public enum PerturbationKind
    {
        /// <summary>The image is left unchanged; the mask goes to the ConvAD forward, which switches the removed pixels' activations off.</summary>
        ActivationDeactivation,

        /// <summary>
        /// Layer masking (Balasubramanian and Feizi): the image is left unchanged; the mask goes to the model's layer-masking
        /// forward (<see cref="ILayerMaskingModel"/>), where every convolution reads removed positions filled from present neighbours.
        /// </summary>
        LayerMasking,

        /// <summary>The removed pixels are overwritten with a <see cref="MaskingValue"/> and the plain model classifies the result.</summary>
        Occlusion,
    }
}
