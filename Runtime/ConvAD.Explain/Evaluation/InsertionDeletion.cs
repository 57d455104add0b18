using System;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// Insertion and deletion curves from a responsibility ranking, under the perturbation that produced it. Step k of S:
    /// insertion keeps only the ⌊k·n/S⌋ most responsible pixels; deletion removes them. The AUC is the trapezoid area under
    /// P(c | step) / p over the share of pixels in [0, 1]: insertion should rise fast (high is good), deletion fall fast (low is good).
    /// </summary>
    public static class InsertionDeletion
    {
        /// <summary>Points on each insertion and deletion curve when the caller gives none.</summary>
        public const int DefaultSteps = 20;

        // Noise keys of the curves' masks, apart from the explainer's own streams for the same seed.
        private const long InsertionStream = -2_000;
        private const long DeletionStream = -3_000;

        /// <summary>Pixels inserted (or deleted) at step <paramref name="k"/> of <paramref name="steps"/>: ⌊k·n/S⌋, exactly n at k = S.</summary>
        public static int PixelsAt(int k, int steps, int pixels) => (int)((long)k * pixels / steps);

        /// <summary>The S + 1 masks of a curve, one after another (H·W floats each; 1 = present).</summary>
        public static float[] Masks(ReadOnlySpan<int> order, int steps, bool insertion)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
            int n = order.Length;
            var masks = new float[checked((steps + 1) * n)];
            for (int k = 0; k <= steps; k++)
            {
                Span<float> mask = masks.AsSpan(k * n, n);
                mask.Fill(insertion ? 0f : 1f);
                int count = PixelsAt(k, steps, n);
                for (int i = 0; i < count; i++)
                {
                    mask[order[i]] = insertion ? 1f : 0f;
                }
            }

            return masks;
        }

        /// <summary>Trapezoid area under <c>confidence / p</c> on a uniform grid over [0, 1] (a curve of S + 1 points).</summary>
        public static double Auc(ReadOnlySpan<double> confidences, double originalConfidence)
        {
            if (confidences.Length < 2)
            {
                throw new ArgumentException("a curve needs at least two points", nameof(confidences));
            }

            if (!(originalConfidence > 0))
            {
                return double.NaN;
            }

            double area = 0;
            for (int k = 0; k + 1 < confidences.Length; k++)
            {
                area += (confidences[k] + confidences[k + 1]) / 2;
            }

            return area / (confidences.Length - 1) / originalConfidence;
        }

        /// <summary>Both curves of one image under one perturbation, and their AUCs normalised by p.</summary>
        public static InsertionDeletionCurves Measure(TargetScorer scorer, MutantInputs inputs, ReadOnlySpan<int> order, int steps, int target,
            double originalConfidence, long seed)
        {
            ArgumentNullException.ThrowIfNull(scorer);
            ArgumentNullException.ThrowIfNull(inputs);
            double[] insertion = Curve(scorer, inputs, order, steps, target, true, seed);
            double[] deletion = Curve(scorer, inputs, order, steps, target, false, seed);
            return new InsertionDeletionCurves(insertion, deletion, Auc(insertion, originalConfidence), Auc(deletion, originalConfidence));
        }

        private static double[] Curve(TargetScorer scorer, MutantInputs inputs, ReadOnlySpan<int> order, int steps, int target, bool insertion, long seed)
        {
            float[] masks = Masks(order, steps, insertion);
            var keys = new ulong[steps + 1];
            for (int k = 0; k <= steps; k++)
            {
                keys[k] = SplitMix64.Key(seed, insertion ? InsertionStream : DeletionStream, k);
            }

            var verdicts = new MutantVerdict[steps + 1];
            scorer.ScorePerturbed(inputs, masks, keys, steps + 1, target, verdicts);
            var curve = new double[steps + 1];
            for (int k = 0; k <= steps; k++)
            {
                curve[k] = verdicts[k].Confidence;
            }

            return curve;
        }
    }
}
