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

        /// <summary>r(E) per γ for the explanation <paramref name="mask"/> of <paramref name="input"/>.</summary>
        public static RobustnessScore Measure(TargetScorer scorer, ReadOnlySpan<float> input, ReadOnlySpan<float> mask, BackgroundSet backgrounds,
            int target, double originalConfidence, IReadOnlyList<double> gammas)
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
            return Score(verdicts, originalConfidence, gammas);
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
