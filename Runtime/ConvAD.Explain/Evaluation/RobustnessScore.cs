using System;
using System.Collections.Generic;

namespace ConvAD.Evaluation
{
    /// <summary>r(E) for each confidence threshold γ: the share of backgrounds on which the explanation alone still gets class c.</summary>
    public sealed class RobustnessScore
    {
        /// <summary>r(E) per γ: <paramref name="shares"/>[i] belongs to <paramref name="gammas"/>[i]; the lists have the same length.</summary>
        public RobustnessScore(IReadOnlyList<double> gammas, IReadOnlyList<double> shares)
        {
            ArgumentNullException.ThrowIfNull(gammas);
            ArgumentNullException.ThrowIfNull(shares);
            if (gammas.Count != shares.Count)
            {
                throw new ArgumentException($"{gammas.Count} thresholds but {shares.Count} shares");
            }

            Gammas = gammas;
            Shares = shares;
        }

        /// <summary>The confidence thresholds γ, in the order the shares follow.</summary>
        public IReadOnlyList<double> Gammas { get; }

        /// <summary>r(E) per γ, in the order of <see cref="Gammas"/>; each in [0, 1], and non-increasing as γ grows.</summary>
        public IReadOnlyList<double> Shares { get; }

        /// <summary>r(E) for one of <see cref="Gammas"/>.</summary>
        public double At(double gamma)
        {
            for (int g = 0; g < Gammas.Count; g++)
            {
                if (Gammas[g].Equals(gamma))
                {
                    return Shares[g];
                }
            }

            throw new ArgumentException($"γ = {gamma} was not measured", nameof(gamma));
        }
    }
}
