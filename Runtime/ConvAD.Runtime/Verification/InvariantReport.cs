using ConvAD.Plan;

namespace ConvAD.Verification
{
    /// <summary>The outcome of checking the ConvAD invariants of docs/architecture.md on one model.</summary>
    public sealed record InvariantReport
    {
        public required string Model { get; init; }

        public bool Supported { get; init; }

        public UnsupportedReason? Unsupported { get; init; }

        public int Images { get; init; }

        /// <summary>Largest |ConvAD(x, all ones) − plain(x)| over all outputs.</summary>
        public double IdentityMaxAbsDiff { get; init; }

        public double IdentityTolerance { get; init; }

        public bool IdentityArgmaxSame { get; init; }

        public bool IdentityPass { get; init; }

        public int NoLeakMasks { get; init; }

        /// <summary>Largest |ConvAD(x, M) − ConvAD(x', M)| where x and x' agree on M's present pixels.</summary>
        public double NoLeakMaxAbsDiff { get; init; }

        public string? NoLeakWorstMask { get; init; }

        /// <summary>
        /// Masks (besides the empty one, which comes first) whose output differs from the empty mask's: the
        /// no-leak check means something only for those. A high τ can empty every mask before the head.
        /// </summary>
        public int NoLeakInformativeMasks { get; init; }

        public bool NoLeakPass { get; init; }

        /// <summary>Largest difference between an image's output in a mixed batch and alone.</summary>
        public double BatchMaxAbsDiff { get; init; }

        public bool BatchPass { get; init; }

        /// <summary>Every output, including those under the empty mask, is finite.</summary>
        public bool AllFinite { get; init; }

        public bool Pass => Supported && IdentityPass && NoLeakPass && BatchPass && AllFinite;
    }
}
