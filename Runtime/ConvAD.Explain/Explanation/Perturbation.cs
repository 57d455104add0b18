using System;
using System.Globalization;

namespace ConvAD.Explanation
{
    /// <summary>
    /// A way of removing pixels: Activation-Deactivation, or occlusion with one masking value.
    /// The same masks are evaluated under every perturbation, so explanations are comparable.
    /// </summary>
    public sealed record Perturbation
    {
        private Perturbation(PerturbationKind kind, MaskingValue? maskingValue, double? blurSigma)
        {
            Kind = kind;
            MaskingValue = maskingValue;
            BlurSigma = blurSigma;
        }

        /// <summary>AD: the propagation threshold is the engine's (<c>EngineOptions.Plan.Threshold</c>).</summary>
        public static Perturbation ActivationDeactivation { get; } = new Perturbation(PerturbationKind.ActivationDeactivation, null, null);

        /// <summary>Layer masking: the mask goes to the model's layer-masking forward (<see cref="ILayerMaskingModel"/>).</summary>
        public static Perturbation LayerMasking { get; } = new Perturbation(PerturbationKind.LayerMasking, null, null);

        /// <summary>AD, layer masking or occlusion.</summary>
        public PerturbationKind Kind { get; }

        /// <summary>True when the image stays unchanged and the mask goes to a masked forward (AD, layer masking); false for occlusion.</summary>
        public bool UsesMaskedForward => Kind != PerturbationKind.Occlusion;

        /// <summary>The occlusion's value; null for AD, which has none.</summary>
        public MaskingValue? MaskingValue { get; }

        /// <summary>σ of the blur in input pixels; null means <c>min(H, W) / 20</c> (11.2 px at 224, 1.6 px at 32).</summary>
        public double? BlurSigma { get; }

        /// <summary>"ad", "layer-masking", or the masking value's name ("zero", "mean", "min", "random", "noise", "blur").</summary>
        public string Name => Kind switch
        {
            PerturbationKind.ActivationDeactivation => "ad",
            PerturbationKind.LayerMasking => "layer-masking",
            _ => MaskingValue!.Value.ToString().ToLowerInvariant(),
        };

        /// <summary>Occlusion with <paramref name="value"/>; <paramref name="blurSigma"/> sets the blur's σ in input pixels (only for <see cref="MaskingValue.Blur"/>).</summary>
        public static Perturbation Occlusion(MaskingValue value, double? blurSigma = null)
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "unknown masking value");
            }

            if (blurSigma is double s && !(s > 0 && double.IsFinite(s)))
            {
                throw new ArgumentOutOfRangeException(nameof(blurSigma), blurSigma, "the blur's σ must be a positive number");
            }

            return new Perturbation(PerturbationKind.Occlusion, value, value == Explanation.MaskingValue.Blur ? blurSigma : null);
        }

        /// <summary>Parses "ad", "layer-masking" or a masking value name (case-insensitive).</summary>
        public static Perturbation Parse(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            if (string.Equals(name, "ad", StringComparison.OrdinalIgnoreCase))
            {
                return ActivationDeactivation;
            }

            if (string.Equals(name, "layer-masking", StringComparison.OrdinalIgnoreCase))
            {
                return LayerMasking;
            }

            if (Enum.TryParse(name, ignoreCase: true, out MaskingValue value) && Enum.IsDefined(value) && !int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                return Occlusion(value);
            }

            throw new ArgumentException($"unknown perturbation '{name}': use ad, layer-masking, zero, mean, min, random, noise or blur");
        }

        /// <summary>AD, layer masking and every masking value: the columns of a comparison sheet.</summary>
        public static Perturbation[] All() => new[]
        {
            ActivationDeactivation,
            LayerMasking,
            Occlusion(Explanation.MaskingValue.Zero),
            Occlusion(Explanation.MaskingValue.Mean),
            Occlusion(Explanation.MaskingValue.Min),
            Occlusion(Explanation.MaskingValue.Random),
            Occlusion(Explanation.MaskingValue.Noise),
            Occlusion(Explanation.MaskingValue.Blur),
        };

        /// <inheritdoc/>
        public override string ToString() => Name;
    }
}
