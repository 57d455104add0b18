using System;
using System.Globalization;

namespace ConvAD.Plan
{
    /// <summary>
    /// τ of the propagation rule: an activation stays present when the share of present positions it
    /// reads, Φ(o), reaches τ. "any" means Φ &gt; 0; "all" means Φ = 1.
    /// </summary>
    public readonly struct PropagationThreshold : IEquatable<PropagationThreshold>
    {
        private PropagationThreshold(double value, bool any)
        {
            Value = value;
            IsAny = any;
        }

        /// <summary>Φ &gt; 0: one present input keeps the activation present.</summary>
        public static PropagationThreshold Any => new PropagationThreshold(0, true);

        /// <summary>Φ = 1: every input must be present.</summary>
        public static PropagationThreshold All => new PropagationThreshold(1, false);

        /// <summary>The default, τ = 0.5: the value the evaluation supports (docs/results.md §6).</summary>
        public static PropagationThreshold Default => Fraction(0.5);

        /// <summary>τ in (0, 1]; 0 for <see cref="Any"/> (see <see cref="IsAny"/>).</summary>
        public double Value { get; }

        /// <summary>True for "any": Φ &gt; 0 keeps an activation present.</summary>
        public bool IsAny { get; }

        /// <summary>True for "all" (τ = 1): every input must be present.</summary>
        public bool IsAll => !IsAny && Value >= 1;

        /// <summary>The threshold τ = <paramref name="tau"/>: present when Φ ≥ τ.</summary>
        /// <param name="tau">A number in (0, 1].</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="tau"/> is NaN or outside (0, 1].</exception>
        public static PropagationThreshold Fraction(double tau)
        {
            if (double.IsNaN(tau) || tau <= 0 || tau > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(tau), tau, "the propagation threshold must be in (0, 1], \"any\" or \"all\"");
            }

            return new PropagationThreshold(tau, false);
        }

        /// <summary>Parses "any", "all" or a number in (0, 1].</summary>
        public static bool TryParse(string? text, out PropagationThreshold threshold)
        {
            threshold = Any;
            string t = (text ?? "").Trim().ToLowerInvariant();
            if (t == "any")
            {
                return true;
            }

            if (t == "all")
            {
                threshold = All;
                return true;
            }

            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v <= 1)
            {
                threshold = v >= 1 ? All : Fraction(v);
                return true;
            }

            return false;
        }

        /// <summary>Parses "any", "all" or a number in (0, 1] (invariant culture).</summary>
        /// <exception cref="FormatException"><paramref name="text"/> is none of these.</exception>
        public static PropagationThreshold Parse(string text) =>
            TryParse(text, out PropagationThreshold t) ? t : throw new FormatException($"'{text}' is not a propagation threshold: use any, all or a number in (0, 1]");

        /// <inheritdoc/>
        public bool Equals(PropagationThreshold other) => IsAny == other.IsAny && Value.Equals(other.Value);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is PropagationThreshold t && Equals(t);

        /// <inheritdoc/>
        public override int GetHashCode() => IsAny ? -1 : Value.GetHashCode();

        /// <inheritdoc/>
        public override string ToString() => IsAny ? "any" : IsAll ? "all" : Value.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
