using System;

namespace ConvAD.Explanation
{
    /// <summary>How much two explanations share: intersection over union, and the shared share of the smaller one.</summary>
    public static class ExplanationOverlap
    {
        /// <summary>|A ∩ B| / |A ∪ B| (0 when both are empty).</summary>
        public static double Iou(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            (int both, int either, _, _) = Count(a, b);
            return either == 0 ? 0 : both / (double)either;
        }

        /// <summary>|A ∩ B| / min(|A|, |B|): the share of the smaller explanation the other holds too (0 when either is empty).</summary>
        public static double SharedFraction(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            (int both, _, int areaA, int areaB) = Count(a, b);
            int smaller = Math.Min(areaA, areaB);
            return smaller == 0 ? 0 : both / (double)smaller;
        }

        private static (int Both, int Either, int A, int B) Count(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            if (a.Length != b.Length)
            {
                throw new ArgumentException($"masks of {a.Length} and {b.Length} pixels cannot be compared");
            }

            int both = 0, either = 0, areaA = 0, areaB = 0;
            for (int i = 0; i < a.Length; i++)
            {
                bool inA = a[i] != 0f, inB = b[i] != 0f;
                both += inA && inB ? 1 : 0;
                either += inA || inB ? 1 : 0;
                areaA += inA ? 1 : 0;
                areaB += inB ? 1 : 0;
            }

            return (both, either, areaA, areaB);
        }
    }
}
