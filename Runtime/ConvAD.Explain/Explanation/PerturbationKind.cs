namespace ConvAD.Explanation
{
    /// <summary>How a mutant removes the pixels its mask marks as occluded.</summary>
    public enum PerturbationKind
    {
        /// <summary>The image is left unchanged; the mask goes to the ConvAD forward, which switches the removed pixels' activations off.</summary>
        ActivationDeactivation,

        /// <summary>The removed pixels are overwritten with a <see cref="MaskingValue"/> and the plain model classifies the result.</summary>
        Occlusion,
    }
}
