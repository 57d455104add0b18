using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The order in which pixels are removed for a contrastive explanation: most responsible for the target and least responsible
    /// for the contrast class first. Each map is normalised by its maximum (a map that is all 0 adds nothing), so the two weigh
    /// the same whatever their scales: score(p) = r_target(p) / max r_target − r_contrast(p) / max r_contrast.
    /// </summary>
    internal static class ContrastRanking
    {
        public static int[] Rank(ReadOnlySpan<float> target, ReadOnlySpan<float> contrast)
        {
            float maxTarget = Max(target), maxContrast = Max(contrast);
            var score = new float[target.Length];
            for (int p = 0; p < score.Length; p++)
            {
                float t = maxTarget > 0 ? target[p] / maxTarget : 0f;
                float c = maxContrast > 0 ? contrast[p] / maxContrast : 0f;
                score[p] = t - c;
            }

            return ResponsibilityRanking.Rank(score);
        }

        private static float Max(ReadOnlySpan<float> map)
        {
            float max = 0;
            foreach (float v in map)
            {
                max = Math.Max(max, v);
            }

            return max;
        }
    }
}
