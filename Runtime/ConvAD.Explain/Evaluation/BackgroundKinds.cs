using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// The names of the background kinds (as <c>--backgrounds-kind</c> and the CSV columns spell them), the default set, and the
    /// fair-protocol rule: no mode's masking value is produced by the same generator as the backgrounds it is scored on.
    /// </summary>
    public static class BackgroundKinds
    {
        /// <summary>The group name that expands to the previous protocol's set: uniform noise, solid colour, blurred noise.</summary>
        public const string Legacy = "legacy";

        /// <summary>The default set: blurred noise at several scales, colour gradients, shuffled photo tiles. Shares no generator with any masking value.</summary>
        public static readonly IReadOnlyList<BackgroundKind> Default = new[] { BackgroundKind.MultiscaleBlurredNoise, BackgroundKind.Gradient, BackgroundKind.ShuffledTiles };

        /// <summary>The previous protocol's backgrounds (uniform noise, solid colour, blurred noise), kept to rerun its figures; each shares a generator with a masking value.</summary>
        public static readonly IReadOnlyList<BackgroundKind> LegacySet = new[] { BackgroundKind.UniformNoise, BackgroundKind.SolidColour, BackgroundKind.BlurredNoise };

        /// <summary>The kind's name in the CLI, the CSV's per-kind columns and the reports (<c>blobs</c>, <c>gradient</c>, <c>tiles</c>, …).</summary>
        public static string Name(this BackgroundKind kind) => kind switch
        {
            BackgroundKind.UniformNoise => "uniform",
            BackgroundKind.SolidColour => "solid",
            BackgroundKind.BlurredNoise => "blurred",
            BackgroundKind.MultiscaleBlurredNoise => "blobs",
            BackgroundKind.Gradient => "gradient",
            BackgroundKind.ShuffledTiles => "tiles",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        /// <summary>Reads a kind's <see cref="Name"/>, case-insensitively; false for an unknown name.</summary>
        public static bool TryParse(string name, out BackgroundKind kind)
        {
            foreach (BackgroundKind k in Enum.GetValues<BackgroundKind>())
            {
                if (string.Equals(k.Name(), name, StringComparison.OrdinalIgnoreCase))
                {
                    kind = k;
                    return true;
                }
            }

            kind = default;
            return false;
        }

        /// <summary>
        /// Kinds from comma-separated names (<c>legacy</c> expands to its three kinds), in the order given, each once.
        /// </summary>
        /// <exception cref="ArgumentException">An unknown name, or none.</exception>
        public static BackgroundKind[] Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            var kinds = new List<BackgroundKind>();
            foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                IEnumerable<BackgroundKind> these = string.Equals(part, Legacy, StringComparison.OrdinalIgnoreCase) ? LegacySet
                    : TryParse(part, out BackgroundKind k) ? new[] { k }
                    : throw new ArgumentException($"unknown background kind '{part}': use {Legacy}, "
                        + string.Join(", ", Enum.GetValues<BackgroundKind>().Select(b => b.Name())));
                kinds.AddRange(these.Where(k => !kinds.Contains(k)));
            }

            return kinds.Count > 0 ? kinds.ToArray() : throw new ArgumentException("at least one background kind is needed");
        }

        /// <summary>
        /// Whether a background kind comes from the generator of a mode's masking value: uniform noise is the <c>noise</c>
        /// value's generator, a solid colour is a constant like <c>zero</c>, <c>mean</c>, <c>min</c> and <c>random</c>. AD has
        /// no masking value; <c>blur</c> blurs the image itself, which no background does.
        /// </summary>
        public static bool SharesGenerator(BackgroundKind kind, Perturbation mode)
        {
            ArgumentNullException.ThrowIfNull(mode);
            if (mode.Kind == PerturbationKind.ActivationDeactivation || mode.MaskingValue is not MaskingValue value)
            {
                return false;
            }

            return kind switch
            {
                BackgroundKind.UniformNoise => value == MaskingValue.Noise,
                BackgroundKind.SolidColour => value is MaskingValue.Zero or MaskingValue.Mean or MaskingValue.Min or MaskingValue.Random,
                _ => false,
            };
        }

        /// <summary>The (kind, mode) pairs that break the rule: a mode scored on backgrounds from its own masking value's generator.</summary>
        public static IReadOnlyList<(BackgroundKind Kind, string Mode)> HomeAdvantages(IEnumerable<BackgroundKind> kinds, IEnumerable<Perturbation> modes)
        {
            ArgumentNullException.ThrowIfNull(kinds);
            ArgumentNullException.ThrowIfNull(modes);
            Perturbation[] m = modes.ToArray();
            return kinds.SelectMany(k => m.Where(p => SharesGenerator(k, p)).Select(p => (k, p.Name))).ToArray();
        }
    }
}
