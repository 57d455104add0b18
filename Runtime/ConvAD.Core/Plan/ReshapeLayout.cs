using System.Linq;

namespace ConvAD.Plan
{
    /// <summary>
    /// Follows the spatial axes through a reshape. Reshape never moves data, so an axis survives when
    /// some output axis has the same extent and the same element stride: every element then keeps its
    /// coordinate along it. When H or W does not survive, space has been folded into features.
    /// </summary>
    internal static class ReshapeLayout
    {
        public static SpatialLayout? Follow(long[] input, SpatialLayout layout, long[] output)
        {
            long[] inStrides = Strides(input);
            long[] outStrides = Strides(output);
            int Find(int axis)
            {
                for (int j = 0; j < output.Length; j++)
                {
                    if (output[j] == input[axis] && outStrides[j] == inStrides[axis])
                    {
                        return j;
                    }
                }

                return -1;
            }

            int h = Find(layout.HeightAxis);
            int w = Find(layout.WidthAxis);
            int n = Find(layout.BatchAxis);
            if (h < 0 || w < 0 || n < 0 || h == w || input[layout.HeightAxis] * input[layout.WidthAxis] == 1)
            {
                return null;
            }

            return new SpatialLayout(output.Length, n, h, w);
        }

        private static long[] Strides(long[] dims)
        {
            var strides = new long[dims.Length];
            long s = 1;
            for (int i = dims.Length - 1; i >= 0; i--)
            {
                strides[i] = s;
                s *= dims[i];
            }

            return strides;
        }
    }
}
