using System;
using System.Collections.Generic;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// ρ-robustness against non-informative backgrounds, one explanation: paste its pixels onto each background, classify
    /// every composite with the plain model, and count the backgrounds on which the prediction is still c with confidence ≥ γ·p.
    /// </summary>
    public static class BackgroundRobustness
    {
        /// <summary>γ = 0, 0.25, 0.5; read-only (not an array a caller could cast back and change).</summary>
        public static readonly IReadOnlyList<double> DefaultGammas = Array.AsReadOnly(new[] { 0.0, 0.25, 0.5 });

        /// <summary>Absolute thresholds: confidence ≥ γ_abs, whatever p.</summary>
        public static readonly IReadOnlyList<double> DefaultAbsoluteGammas = new[] { 0.0, 0.25, 0.5 };

        /// <summary>k (percent of H·W) of the size-controlled test.</summary>
        public static readonly IReadOnlyList<double> DefaultTopPercents = new[] { 5.0, 10, 20, 30, 50 };

        /// <summary>The plain model's verdict on each composite of <paramref name="mask"/> and a background, in the set's order.</summary>
        public static MutantVerdict[] Verdicts(TargetScorer scorer, ReadOnlySpan<float> input, ReadOnlySpan<float> mask, BackgroundSet backgrounds, int target)
        {
            ArgumentNullException.ThrowIfNull(scorer);
            ArgumentNullException.ThrowIfNull(backgrounds);
            int size = backgrounds.Shape.Length;
            var composites = new float[checked(backgrounds.Count * size)];
            for (int j = 0; j < backgrounds.Count; j++)
            {
                Composite(input, mask, backgrounds.Tensor(j), backgrounds.Shape, composites.AsSpan(j * size, size));
            }

            var verdicts = new MutantVerdict[backgrounds.Count];
            scorer.ScorePlain(composites, backgrounds.Count, target, verdicts);
            return verdicts;
        }

        /// <summary>
        /// r per absolute threshold: a composite counts when its top class is c strictly and its confidence in c is ≥ the
        /// threshold (not scaled by p).
        /// </summary>
        public static RobustnessScore ScoreAbsolute(ReadOnlySpan<MutantVerdict> verdicts, IReadOnlyList<double> thresholds) => Score(verdicts, 1.0, thresholds);

        /// <summary>The number of pixels in the top-<paramref name="percent"/>% of an H·W ranking: ⌈k% · H·W⌉, at least 1.</summary>
        public static int TopCount(double percent, int pixels)
        {
            if (!(percent > 0 && percent <= 100))
            {
                throw new ArgumentOutOfRangeException(nameof(percent), percent, "k must be in (0, 100]");
            }

            // k·HW/100 computed in decimal so 10% of 1000 is exactly 100, not ⌈100.00000000000001⌉.
            decimal exact = (decimal)percent * pixels / 100m;
            return Math.Clamp((int)Math.Ceiling(exact), 1, pixels);
        }

        /// <summary>A keep-mask of the first <see cref="TopCount"/> pixels of <paramref name="order"/> (a ranking, most responsible first).</summary>
        public static float[] TopMask(ReadOnlySpan<int> order, double percent)
        {
            var mask = new float[order.Length];
            int n = TopCount(percent, order.Length);
            for (int i = 0; i < n; i++)
            {
                mask[order[i]] = 1f;
            }

            return mask;
        }

        /// <summary>r(E) per γ for the explanation <paramref name="mask"/> of <paramref name="input"/>.</summary>
        public static RobustnessScore Measure(TargetScorer scorer, ReadOnlySpan<float> input, ReadOnlySpan<float> mask, BackgroundSet backgrounds,
            int target, double originalConfidence, IReadOnlyList<double> gammas)
        {
            return Score(Verdicts(scorer, input, mask, backgrounds, target), originalConfidence, gammas);
        }

        /// <summary>
        /// r(E) per γ from the plain model's verdicts on the composites: a composite counts when its top class is c
        /// (<see cref="MutantVerdict.Passes"/>) and its confidence in c is ≥ γ·p.
        /// </summary>
        public static RobustnessScore Score(ReadOnlySpan<MutantVerdict> verdicts, double originalConfidence, IReadOnlyList<double> gammas)
        {
            ArgumentNullException.ThrowIfNull(gammas);
            if (verdicts.IsEmpty)
            {
                throw new ArgumentException("at least one background is needed", nameof(verdicts));
            }

            var shares = new double[gammas.Count];
            for (int g = 0; g < gammas.Count; g++)
            {
                if (!(gammas[g] >= 0 && gammas[g] <= 1))
                {
                    throw new ArgumentOutOfRangeException(nameof(gammas), gammas[g], "γ must be in [0, 1]");
                }

                int kept = 0;
                foreach (MutantVerdict v in verdicts)
                {
                    kept += v.Passes && v.Confidence >= gammas[g] * originalConfidence ? 1 : 0;
                }

                shares[g] = kept / (double)verdicts.Length;
            }

            return new RobustnessScore(gammas, shares);
        }

        /// <summary>The explanation's pixels (mask ≠ 0) from the image, every other pixel from the background, in every channel.</summary>
        public static void Composite(ReadOnlySpan<float> input, ReadOnlySpan<float> mask, ReadOnlySpan<float> background, Imaging.ImageTensorShape shape,
            Span<float> destination)
        {
            int pixels = shape.Height * shape.Width;
            if (input.Length != shape.Length || background.Length != shape.Length || destination.Length != shape.Length || mask.Length != pixels)
            {
                throw new ArgumentException($"a {shape} composite needs {shape.Length} values per tensor and a mask of {pixels}");
            }

            bool nchw = shape.Layout == Imaging.ImageTensorLayout.Nchw;
            for (int p = 0; p < pixels; p++)
            {
                ReadOnlySpan<float> source = mask[p] != 0f ? input : background;
                for (int c = 0; c < shape.Channels; c++)
                {
                    int e = nchw ? c * pixels + p : p * shape.Channels + c;
                    destination[e] = source[e];
                }
            }
        }
    }
}
