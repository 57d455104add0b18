using System;

namespace ConvAD.Evaluation
{
    /// <summary>The paper's size metric: the share of the image's pixels that are in the explanation, |E| / (H·W).</summary>
    public static class ExplanationSize
    {
        /// <summary>Pixels whose mask value is non-zero.</summary>
        public static int Area(ReadOnlySpan<float> mask)
        {
            int area = 0;
            foreach (float m in mask)
            {
                area += m != 0f ? 1 : 0;
            }

            return area;
        }

        /// <summary>|E| / (H·W) for a row-major H×W mask (1 = in the explanation).</summary>
        public static double Fraction(ReadOnlySpan<float> mask)
        {
            if (mask.IsEmpty)
            {
                throw new ArgumentException("the mask is empty", nameof(mask));
            }

            return Area(mask) / (double)mask.Length;
        }
    }
}
