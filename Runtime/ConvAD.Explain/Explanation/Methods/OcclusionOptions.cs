using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Sliding-window occlusion (as Captum's <c>Occlusion</c>): a square window slides over the image; each pixel's
    /// attribution is the drop in the target's confidence, averaged over the windows that cover it.
    /// </summary>
    public sealed record OcclusionOptions : AttributionOptions
    {
        /// <summary>The window's side in pixels; null: ⌈min(H, W) / 8⌉ (28 at 224, 4 at 32 and 28).</summary>
        public int? Window { get; init; }

        /// <summary>Pixels between window positions; null: half the window (at least 1).</summary>
        public int? Stride { get; init; }

        /// <inheritdoc/>
        public override string Method => "occlusion";

        /// <inheritdoc/>
        public override void Validate()
        {
            base.Validate();
            Check(Window is null || Window >= 1, "the window must be at least 1 pixel");
            Check(Stride is null || Stride >= 1, "the stride must be at least 1 pixel");
        }

        /// <summary>The window's side for an image of <paramref name="height"/>×<paramref name="width"/> pixels (at most its shorter side).</summary>
        public int WindowFor(int height, int width) => Math.Min(Window ?? (Math.Min(height, width) + 7) / 8, Math.Min(height, width));

        /// <summary>The stride for an image of <paramref name="height"/>×<paramref name="width"/> pixels.</summary>
        public int StrideFor(int height, int width) => Stride ?? Math.Max(1, WindowFor(height, width) / 2);

        internal override IMaskQuery Query(int height, int width) =>
            new SlidingWindowOcclusion(height, width, WindowFor(height, width), StrideFor(height, width));
    }
}
