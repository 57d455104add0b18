namespace ConvAD.Evaluation
{
    /// <summary>A kind of background that carries no class information, onto which explanations are pasted.</summary>
    public enum BackgroundKind
    {
        /// <summary>Every channel of every pixel uniform in 0..255, independently (legacy; the <c>noise</c> masking value's generator).</summary>
        UniformNoise,

        /// <summary>One uniform random RGB colour everywhere (legacy; a constant, like the zero/mean/min/random masking values).</summary>
        SolidColour,

        /// <summary>Uniform noise blurred into smooth blobs (σ = min(H, W) / 16), then stretched back to 0..255 per channel (legacy).</summary>
        BlurredNoise,

        /// <summary>Uniform noise blurred at one of several scales (σ = min(H, W) / 32, / 16, / 8, / 4 in turn, at least 1 pixel), stretched to 0..255 per channel.</summary>
        MultiscaleBlurredNoise,

        /// <summary>A smooth colour gradient: four random corner colours, bilinearly interpolated.</summary>
        Gradient,

        /// <summary>16×16 tiles of natural pictures (the repository's photos), each from a random picture and position, never placed where it was in its picture.</summary>
        ShuffledTiles,
    }
}
