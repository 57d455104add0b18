using ConvAD.Plan;

namespace ConvAD.Verification
{
    /// <summary>The outcome of checking the ConvAD invariants of docs/architecture.md on one model (<see cref="InvariantChecker"/>).</summary>
    public sealed record InvariantReport
    {
        /// <summary>The checked model's name.</summary>
        public required string Model { get; init; }

        /// <summary>True when the model can run under ConvAD and its invariants were checked; false for one that cannot (see <see cref="Unsupported"/>).</summary>
        public bool Supported { get; init; }

        /// <summary>Why the model cannot run under ConvAD; null when it can.</summary>
        public UnsupportedReason? Unsupported { get; init; }

        /// <summary>The number of test images the invariants were checked on.</summary>
        public int Images { get; init; }

        /// <summary>Largest |ConvAD(x, all ones) − plain(x)| over all outputs (plain: the reference's when there is one).</summary>
        public double IdentityMaxAbsDiff { get; init; }

        /// <summary><see cref="IdentityMaxAbsDiff"/> / max(1, max |plain(x)|).</summary>
        public double IdentityRelativeDiff { get; init; }

        /// <summary>The absolute tolerance: <see cref="IdentityRelativeTolerance"/> × max(1, max |plain(x)|).</summary>
        public double IdentityTolerance { get; init; }

        /// <summary>The identity tolerance relative to max(1, max |plain(x)|).</summary>
        public double IdentityRelativeTolerance { get; init; }

        /// <summary>True when ConvAD(x, all ones) has the same top class as plain(x) for every image.</summary>
        public bool IdentityArgmaxSame { get; init; }

        /// <summary>Within tolerance, with the same top class for every image.</summary>
        public bool IdentityPass { get; init; }

        /// <summary>The number of masks the no-leak invariant was checked under.</summary>
        public int NoLeakMasks { get; init; }

        /// <summary>Largest |ConvAD(x, M) − ConvAD(x', M)| where x and x' agree on M's present pixels: must be exactly 0.</summary>
        public double NoLeakMaxAbsDiff { get; init; }

        /// <summary>The mask under which <see cref="NoLeakMaxAbsDiff"/> was reached; null when every difference was 0.</summary>
        public string? NoLeakWorstMask { get; init; }

        /// <summary>
        /// Masks (besides the empty one, which comes first) whose output differs from the empty mask's: the
        /// no-leak check means something only for those. A high τ can empty every mask before the head.
        /// </summary>
        public int NoLeakInformativeMasks { get; init; }

        /// <summary>True when no mask leaked: <see cref="NoLeakMaxAbsDiff"/> is exactly 0.</summary>
        public bool NoLeakPass { get; init; }

        /// <summary>Largest difference between an image's output in a mixed batch and alone.</summary>
        public double BatchMaxAbsDiff { get; init; }

        /// <summary>True when batching changed no image's output beyond tolerance.</summary>
        public bool BatchPass { get; init; }

        /// <summary>Every output, including those under the empty mask, is finite.</summary>
        public bool AllFinite { get; init; }

        /// <summary>Agreement of the ConvAD outputs with the reference model; null when the model was checked against itself.</summary>
        public AgreementReport? Agreement { get; init; }

        /// <summary>Calls to the checked model and the images they carried in all (the reference's are not counted).</summary>
        public int Calls { get; init; }

        /// <summary>Images carried by the <see cref="Calls"/> to the checked model.</summary>
        public int ImagesRun { get; init; }

        /// <summary>Time spent in the checked model's calls.</summary>
        public double Seconds { get; init; }

        /// <summary>True when the model is supported and every invariant (identity, no leak, batch, finite outputs, agreement) holds.</summary>
        public bool Pass => Supported && IdentityPass && NoLeakPass && BatchPass && AllFinite && (Agreement?.Pass ?? true);
    }

    /// <summary>How far the checked model's ConvAD outputs are from the reference model's, under the no-leak masks.</summary>
    public sealed record AgreementReport
    {
        /// <summary>The number of masks compared.</summary>
        public int Masks { get; init; }

        /// <summary>Largest |ConvAD(x, M) − reference ConvAD(x, M)| over the masks.</summary>
        public double MaxAbsDiff { get; init; }

        /// <summary><see cref="MaxAbsDiff"/> / max(1, max |reference|).</summary>
        public double RelativeDiff { get; init; }

        /// <summary>The absolute tolerance: <see cref="RelativeTolerance"/> × max(1, max |reference|).</summary>
        public double Tolerance { get; init; }

        /// <summary>The tolerance relative to max(1, max |reference|).</summary>
        public double RelativeTolerance { get; init; }

        /// <summary>The mask with the largest difference; null when every difference was 0.</summary>
        public string? WorstMask { get; init; }

        /// <summary>Masks whose output is within <see cref="Tolerance"/> of the reference's.</summary>
        public int MasksWithinTolerance { get; init; }

        /// <summary>What agreement requires, in words.</summary>
        public string Rule { get; init; } = "";

        /// <summary>True when the outputs agree as <see cref="Rule"/> says.</summary>
        public bool Pass { get; init; }
    }
}
