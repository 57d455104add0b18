namespace ConvAD.Explanation
{
    /// <summary>
    /// RISE (Petsiuk, Das and Saenko, 2018): random low-resolution masks, upsampled with a random shift; each pixel's
    /// saliency is the mean of the target's confidence over the masks, weighted by whether the mask keeps the pixel.
    /// The defaults are the paper's for ImageNet classifiers.
    /// </summary>
    public sealed record RiseOptions : AttributionOptions
    {
        /// <summary>N, the number of random masks (the paper: 4000 for ResNet-50).</summary>
        public int Masks { get; init; } = 4000;

        /// <summary>s, the side of the low-resolution grid in cells (the paper: 7).</summary>
        public int Cells { get; init; } = 7;

        /// <summary>p, the probability that a grid cell is kept (the paper: 0.5).</summary>
        public double KeepProbability { get; init; } = 0.5;

        /// <inheritdoc/>
        public override string Method => "rise";

        /// <inheritdoc/>
        public override void Validate()
        {
            base.Validate();
            Check(Masks >= 1, "RISE needs at least 1 mask");
            Check(Cells >= 1, "RISE's grid needs at least 1 cell per side");
            Check(KeepProbability > 0 && KeepProbability <= 1, "RISE's keep probability must be in (0, 1]");
        }

        internal override IMaskQuery Query(int height, int width) => new RiseMasks(height, width, this);
    }
}
