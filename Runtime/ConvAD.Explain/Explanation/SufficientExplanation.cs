using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The explanation: the pixels that, alone, keep the model on the target under the perturbation that found them.
    /// It is exactly the mask that was evaluated (with <see cref="NoiseKey"/> for random masking values), never a reconstruction.
    /// </summary>
    public sealed class SufficientExplanation
    {
        private readonly float[] _mask;

        internal SufficientExplanation(int height, int width, float[] mask, int prefixPixels, float confidence, ulong noiseKey, Sufficiency sufficiency, bool minimised)
        {
            Height = height;
            Width = width;
            _mask = mask;
            PrefixPixels = prefixPixels;
            Confidence = confidence;
            NoiseKey = noiseKey;
            Sufficiency = sufficiency;
            Minimised = minimised;
            foreach (float m in mask)
            {
                Area += m != 0f ? 1 : 0;
            }
        }

        /// <summary>Rows of the mask: the model's input height.</summary>
        public int Height { get; }

        /// <summary>Columns of the mask: the model's input width.</summary>
        public int Width { get; }

        /// <summary>Row-major H×W, 1 = in the explanation, 0 = removed: ready for the engine's mask input.</summary>
        public ReadOnlySpan<float> Mask => _mask;

        /// <summary>Pixels in the explanation.</summary>
        public int Area { get; }

        /// <summary><see cref="Area"/> / (H·W): the paper's size metric.</summary>
        public double AreaFraction => Area / (double)(Height * Width);

        /// <summary>The model's probability of the target on the explanation, under its perturbation.</summary>
        public float Confidence { get; }

        /// <summary>Length of the responsibility prefix that first passed (before any minimisation).</summary>
        public int PrefixPixels { get; }

        /// <summary>The key of the random masking values this mask was evaluated with (see <see cref="MutantInputs.Write"/>).</summary>
        public ulong NoiseKey { get; }

        /// <summary>
        /// Sufficient, or why not: when not even the whole image keeps the target the mask is the whole image; when the target
        /// wins with nothing present the mask is empty and no search was made.
        /// </summary>
        public Sufficiency Sufficiency { get; }

        /// <summary>True when the explanation alone makes the target strictly win (and an empty image does not).</summary>
        public bool IsSufficient => Sufficiency == Sufficiency.Sufficient;

        /// <summary>True when the minimisation pass ran on it.</summary>
        public bool Minimised { get; }

        /// <summary>Whether the pixel at row <paramref name="y"/>, column <paramref name="x"/> is part of the explanation.</summary>
        public bool Contains(int y, int x) => _mask[y * Width + x] != 0f;

        /// <summary>A copy of the mask, row-major: 1 in the explanation, 0 outside.</summary>
        public float[] ToArray() => (float[])_mask.Clone();
    }
}
