using System;

namespace ConvAD.Explanation
{
    /// <summary>Pixels ordered by responsibility, most responsible first; ties go to the lower pixel index so the order is total.</summary>
    internal static class ResponsibilityRanking
    {
        public static int[] Rank(ReadOnlySpan<float> map)
        {
            var order = new int[map.Length];
            var keys = new float[map.Length];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
                keys[i] = map[i];
            }

            Array.Sort(order, (a, b) =>
            {
                int byResponsibility = keys[b].CompareTo(keys[a]);
                return byResponsibility != 0 ? byResponsibility : a.CompareTo(b);
            });
            return order;
        }
    }
}
