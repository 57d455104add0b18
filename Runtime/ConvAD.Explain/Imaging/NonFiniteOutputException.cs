using System;
using System.Globalization;

namespace ConvAD.Imaging
{
    /// <summary>
    /// The model's output for an image holds NaN or ∞: broken weights, or a preprocessing (a sidecar's mean/std) that sends the
    /// input out of range. Nothing computed from such an output (a prediction, a confidence, an explanation) means anything.
    /// </summary>
    public sealed class NonFiniteOutputException : InvalidOperationException
    {
        /// <summary>An exception saying which output was not finite and why that matters.</summary>
        public NonFiniteOutputException(string message)
            : base(message)
        {
        }

        /// <summary>Throws when any score of <paramref name="scores"/> is not finite, naming the first such class.</summary>
        public static void ThrowIfAny(ReadOnlySpan<float> scores, int image = 0)
        {
            for (int c = 0; c < scores.Length; c++)
            {
                if (!float.IsFinite(scores[c]))
                {
                    throw new NonFiniteOutputException(string.Create(CultureInfo.InvariantCulture,
                        $"the model's output for image {image} is not finite ({scores[c]} at class {c}): check the model's weights and the sidecar's mean and std"));
                }
            }
        }
    }
}
