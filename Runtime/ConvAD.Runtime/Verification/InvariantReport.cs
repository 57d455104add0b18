using ConvAD.Plan;

namespace ConvAD.Verification
{
    /// <summary>The outcome of checking the ConvAD invariants of docs/architecture.md on one model (<see cref="InvariantChecker"/>).</summary>
    public sealed record InvariantReport
    {
        public required string Model { get; init; }

        public bool Supported { get; init; }

        public UnsupportedReason? Unsupported { get; init; }

        public int Images { get; init; }

        /// <summary>Largest |ConvAD(x, all ones) − plain(x)| over all outputs (plain: the reference's when there is one).</summary>
        public double IdentityMaxAbsDiff { get; init; }

        /// <summary><see cref="IdentityMaxAbsDiff"/> / max(1, max |plain(x)|).</summary>
        public double IdentityRelativeDiff { get; init; }

        /// <summary>The absolute tolerance: <see cref="IdentityRelativeTolerance"/> × max(1, max |plain(x)|).</summary>
        public double IdentityTolerance { get; init; }

        public double IdentityRelativeTolerance { get; init; }

        public bool IdentityArgmaxSame { get; init; }

        /// <summary>Within tolerance, with the same top class for every image.</summary>
        public bool IdentityPass { get; init; }

        public int NoLeakMasks { get; init; }

        /// <summary>Largest |ConvAD(x, M) − ConvAD(x', M)| where x and x' agree on M's present pixels: must be exactly 0.</summary>
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

        /// <summary>Agreement of the ConvAD outputs with the reference model; null when the model was checked against itself.</summary>
        public AgreementReport? Agreement { get; init; }

        /// <summary>Calls to the checked model and the images they carried in all (the reference's are not counted).</summary>
        public int Calls { get; init; }

        public int ImagesRun { get; init; }

        /// <summary>Time spent in the checked model's calls.</summary>
        public double Seconds { get; init; }

        public bool Pass => Supported && IdentityPass && NoLeakPass && BatchPass && AllFinite && (Agreement?.Pass ?? true);
    }

    /// <summary>How far the checked model's ConvAD outputs are from the reference model's, under the no-leak masks.</summary>
    public sealed record AgreementReport
    {
        public int Masks { get; init; }

        /// <summary>Largest |ConvAD(x, M) − reference ConvAD(x, M)| over the masks.</summary>
        public double MaxAbsDiff { get; init; }

        /// <summary><see cref="MaxAbsDiff"/> / max(1, max |reference|).</summary>
        public double RelativeDiff { get; init; }

        public double Tolerance { get; init; }

        public double RelativeTolerance { get; init; }

        public string? WorstMask { get; init; }

        /// <summary>Masks whose output is within <see cref="Tolerance"/> of the reference's.</summary>
        public int MasksWithinTolerance { get; init; }

        /// <summary>What agreement requires, in words.</summary>
        public string Rule { get; init; } = "";

        public bool Pass { get; init; }
    }
}
