using System;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>
    /// One image under one perturbation: writes the input tensor that a mutant's keep-mask produces.
    /// Statistics (mean, min, max, the blurred image) are computed once per image; writing a mutant allocates nothing.
    /// </summary>
    public sealed class MutantInputs
    {
        private readonly float[] _input;
        private readonly float[]? _blurred;
        private readonly float _mean;
        private readonly float _min;
        private readonly float _max;

        /// <summary>The inputs of the mutants of <paramref name="input"/> (one image of <paramref name="shape"/>) under <paramref name="perturbation"/>; the image is copied.</summary>
        public MutantInputs(Perturbation perturbation, ReadOnlySpan<float> input, ImageTensorShape shape)
        {
            Perturbation = perturbation ?? throw new ArgumentNullException(nameof(perturbation));
            if (input.Length != shape.Length)
            {
                throw new ArgumentException($"the input holds {input.Length} values; a {shape} image needs {shape.Length}", nameof(input));
            }

            Shape = shape;
            _input = input.ToArray();
            double sum = 0;
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (float v in _input)
            {
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            _mean = (float)(sum / _input.Length);
            _min = min;
            _max = max;
            if (perturbation.MaskingValue == MaskingValue.Blur)
            {
                _blurred = GaussianBlur.Apply(_input, shape, perturbation.BlurSigma ?? Math.Min(shape.Height, shape.Width) / 20.0);
            }
        }

        /// <summary>How removed pixels are filled (occlusion) or passed on as a mask (AD, layer masking).</summary>
        public Perturbation Perturbation { get; }

        /// <summary>The image's shape.</summary>
        public ImageTensorShape Shape { get; }

        /// <summary>The unperturbed input tensor.</summary>
        public ReadOnlySpan<float> Original => _input;

        /// <summary>
        /// Writes the mutant's input into <paramref name="destination"/>. Under AD it is the unchanged image (the mask goes to
        /// the ConvAD forward instead); under occlusion, elements of pixels whose mask is 0 get the masking value.
        /// <paramref name="noiseKey"/> seeds <see cref="MaskingValue.Random"/> and <see cref="MaskingValue.Noise"/>.
        /// </summary>
        public void Write(ReadOnlySpan<float> mask, ulong noiseKey, Span<float> destination)
        {
            int pixels = Shape.Height * Shape.Width;
            if (mask.Length != pixels || destination.Length != _input.Length)
            {
                throw new ArgumentException($"expected a mask of {pixels} values and a destination of {_input.Length}");
            }

            _input.CopyTo(destination);
            if (Perturbation.UsesMaskedForward)
            {
                return;
            }

            var rng = new SplitMix64(noiseKey);
            float scalar = Perturbation.MaskingValue switch
            {
                MaskingValue.Zero => 0f,
                MaskingValue.Mean => _mean,
                MaskingValue.Min => _min,
                MaskingValue.Random => _min + (_max - _min) * rng.NextFloat(),
                _ => 0f,
            };
            bool noise = Perturbation.MaskingValue == MaskingValue.Noise;
            int channels = Shape.Channels;
            bool nchw = Shape.Layout == ImageTensorLayout.Nchw;
            float range = _max - _min;
            for (int p = 0; p < pixels; p++)
            {
                if (mask[p] != 0f)
                {
                    continue;
                }

                for (int c = 0; c < channels; c++)
                {
                    int e = nchw ? c * pixels + p : p * channels + c;
                    destination[e] = _blurred != null ? _blurred[e] : noise ? _min + range * rng.NextFloat() : scalar;
                }
            }
        }
    }
}
