using System;

namespace ConvAD.Explanation
{
    /// <summary>A separable Gaussian blur of each channel of one input tensor; borders clamp to the edge.</summary>
    internal static class GaussianBlur
    {
        public static float[] Apply(ReadOnlySpan<float> input, Imaging.ImageTensorShape shape, double sigma)
        {
            int h = shape.Height, w = shape.Width, c = shape.Channels;
            int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
            var kernel = new float[2 * radius + 1];
            double sum = 0;
            for (int i = -radius; i <= radius; i++)
            {
                double v = Math.Exp(-i * i / (2 * sigma * sigma));
                kernel[i + radius] = (float)v;
                sum += v;
            }

            for (int i = 0; i < kernel.Length; i++)
            {
                kernel[i] = (float)(kernel[i] / sum);
            }

            var result = new float[input.Length];
            var plane = new float[h * w];
            var temp = new float[h * w];
            bool nchw = shape.Layout == Imaging.ImageTensorLayout.Nchw;
            for (int ch = 0; ch < c; ch++)
            {
                for (int p = 0; p < h * w; p++)
                {
                    plane[p] = input[nchw ? ch * h * w + p : p * c + ch];
                }

                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        float acc = 0;
                        for (int k = -radius; k <= radius; k++)
                        {
                            acc += kernel[k + radius] * plane[y * w + Math.Clamp(x + k, 0, w - 1)];
                        }

                        temp[y * w + x] = acc;
                    }
                }

                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        float acc = 0;
                        for (int k = -radius; k <= radius; k++)
                        {
                            acc += kernel[k + radius] * temp[Math.Clamp(y + k, 0, h - 1) * w + x];
                        }

                        result[nchw ? ch * h * w + y * w + x : (y * w + x) * c + ch] = acc;
                    }
                }
            }

            return result;
        }
    }
}
