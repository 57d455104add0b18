namespace ConvAD.Explanation
{
    /// <summary>
    /// What an occlusion puts where a mutant removes pixels. Every value is written in the model's input
    /// space, after the sidecar's normalisation, to every channel of a removed pixel.
    /// </summary>
    public enum MaskingValue
    {
        /// <summary>0 after normalisation (for mean/std models: the dataset mean colour; for raw 0..255 models: black).</summary>
        Zero,

        /// <summary>The mean of all values of the image's input tensor (one scalar for all channels).</summary>
        Mean,

        /// <summary>The minimum of all values of the image's input tensor (one scalar for all channels).</summary>
        Min,

        /// <summary>One uniform scalar per mutant in [min, max] of the image's input tensor.</summary>
        Random,

        /// <summary>An independent uniform value in [min, max] of the input tensor for every removed element.</summary>
        Noise,

        /// <summary>The same element of a Gaussian blur of the input tensor (per channel; σ from <see cref="Perturbation.BlurSigma"/>).</summary>
        Blur,
    }
}
