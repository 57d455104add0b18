using System;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>
    /// A contrastive explanation (<see cref="Explainer.ExplainContrastive"/>): a region whose removal, under the perturbation,
    /// makes the model pick the contrast class instead of its top class. The region is a greedy, heuristic minimum, not a
    /// proven smallest one.
    /// </summary>
    public sealed class ContrastiveExplanationResult
    {
        private readonly float[] _region;

        internal ContrastiveExplanationResult(Prediction target, Prediction contrast, Perturbation perturbation, ExplainerOptions options,
            ResponsibilityMap responsibility, ResponsibilityMap contrastResponsibility, float[] region, bool found, float confidence, ulong noiseKey,
            bool minimised, int mutantsEvaluated, int engineCalls, TimeSpan elapsed)
        {
            Target = target;
            Contrast = contrast;
            Perturbation = perturbation;
            Options = options;
            Responsibility = responsibility;
            ContrastResponsibility = contrastResponsibility;
            _region = region;
            Found = found;
            Confidence = confidence;
            NoiseKey = noiseKey;
            Minimised = minimised;
            MutantsEvaluated = mutantsEvaluated;
            EngineCalls = engineCalls;
            Elapsed = elapsed;
            foreach (float m in region)
            {
                Area += m != 0f ? 1 : 0;
            }
        }

        /// <summary>The class the model picks on the whole image (plain forward), with its probability.</summary>
        public Prediction Target { get; }

        /// <summary>The class the region's removal should make the model pick, with its probability on the whole image.</summary>
        public Prediction Contrast { get; }

        /// <summary>How pixels were removed: AD switches the region's activations off, a masking value paints it.</summary>
        public Perturbation Perturbation { get; }

        /// <summary>The settings of the responsibility searches and the removal steps.</summary>
        public ExplainerOptions Options { get; }

        /// <summary>Every pixel's responsibility for <see cref="Target"/>.</summary>
        public ResponsibilityMap Responsibility { get; }

        /// <summary>Every pixel's responsibility for <see cref="Contrast"/> (all 0 when no mutant made it win).</summary>
        public ResponsibilityMap ContrastResponsibility { get; }

        /// <summary>Rows of the region: the model's input height.</summary>
        public int Height => Responsibility.Height;

        /// <summary>Columns of the region: the model's input width.</summary>
        public int Width => Responsibility.Width;

        /// <summary>Row-major H×W, 1 = removed (the region), 0 = kept. The whole image when nothing was found.</summary>
        public ReadOnlySpan<float> Region => _region;

        /// <summary>Whether removing the region makes the contrast class strictly win; false when not even removing everything does.</summary>
        public bool Found { get; }

        /// <summary>Pixels in the region.</summary>
        public int Area { get; }

        /// <summary><see cref="Area"/> / (H·W).</summary>
        public double AreaFraction => Area / (double)(Height * Width);

        /// <summary>The contrast class's probability with the region removed, as evaluated.</summary>
        public float Confidence { get; }

        /// <summary>The key of the random masking values the region's removal was evaluated with.</summary>
        public ulong NoiseKey { get; }

        /// <summary>True when the restoring pass (<see cref="ExplainerOptions.Minimise"/>) ran on it.</summary>
        public bool Minimised { get; }

        /// <summary>All masked images evaluated: both responsibility searches, the removal steps and the restoring pass.</summary>
        public int MutantsEvaluated { get; }

        /// <summary>Batches sent to the model, plus the target's call.</summary>
        public int EngineCalls { get; }

        /// <summary>Wall time.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>Whether the pixel at row <paramref name="y"/>, column <paramref name="x"/> is in the region.</summary>
        public bool Contains(int y, int x) => _region[y * Width + x] != 0f;

        /// <summary>The keep-mask that was evaluated: 1 − region (1 = present).</summary>
        public float[] KeepMask()
        {
            var keep = new float[_region.Length];
            for (int i = 0; i < keep.Length; i++)
            {
                keep[i] = _region[i] != 0f ? 0f : 1f;
            }

            return keep;
        }
    }
}
