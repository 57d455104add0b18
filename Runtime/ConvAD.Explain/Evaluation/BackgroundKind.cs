namespace ConvAD.Evaluation
{
    /// <summary>A kind of background that carries no class information, onto which explanations are pasted.</summary>
    public enum BackgroundKind
    {
        /// <summary>Every channel of every pixel uniform in 0..255, independently.</summary>
        UniformNoise,

        /// <summary>One uniform random RGB colour everywhere.</summary>
        SolidColour,

        /// <summary>Uniform noise blurred into smooth blobs (σ = min(H, W) / 16), then stretched back to 0..255 per channel.</summary>
        BlurredNoise,
    }
}
