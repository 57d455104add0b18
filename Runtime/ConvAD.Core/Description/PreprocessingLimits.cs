namespace ConvAD.Description
{
    /// <summary>
    /// The ranges a sidecar's numbers must lie in. Far outside what any training pipeline uses, and tight enough that
    /// (pixel − mean) / std stays a finite float32 for every pixel (at most 2·10⁶ / 10⁻⁶ = 2·10¹²) and that a resize
    /// target stays a bounded allocation.
    /// </summary>
    public static class PreprocessingLimits
    {
        /// <summary>The smallest std: below it, a tiny std (5e-324 was tried) turns every pixel into ±∞.</summary>
        public const double MinStd = 1e-6;

        /// <summary>The largest |mean|, |std| and |pixelRange| value.</summary>
        public const double MaxMagnitude = 1e6;

        /// <summary>The largest <c>resize.shortSide</c>: an 8192² RGBA image is 256 MiB.</summary>
        public const int MaxShortSide = 8192;
    }
}
