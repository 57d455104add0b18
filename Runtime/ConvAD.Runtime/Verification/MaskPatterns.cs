using System;
using System.Collections.Generic;

namespace ConvAD.Verification
{
    /// <summary>A named H×W keep-mask (1 = present, 0 = occluded) used to probe the ConvAD invariants.</summary>
    public sealed record MaskPattern(string Name, float[] Values);

    /// <summary>
    /// Masks that stress the no-leak invariant: the edge cases (nothing present, one pixel, 1-pixel
    /// stripes, checkerboard) and random boxes and noise.
    /// </summary>
    public static class MaskPatterns
    {
        /// <summary>
        /// <paramref name="count"/> masks of <paramref name="height"/> × <paramref name="width"/>: the fixed edge cases first, then
        /// random boxes and noise drawn from <paramref name="seed"/>.
        /// </summary>
        public static IReadOnlyList<MaskPattern> Generate(int height, int width, int count, int seed)
        {
            var rng = new Random(seed);
            var fixedPatterns = new List<MaskPattern>
            {
                new MaskPattern("empty", new float[height * width]),
                Single("one pixel (centre)", height, width, height / 2, width / 2),
                Single("one pixel (corner)", height, width, 0, 0),
                Where("row stripes", height, width, (y, x) => y % 2 == 0),
                Where("column stripes", height, width, (y, x) => x % 2 == 1),
                Where("checkerboard", height, width, (y, x) => (x + y) % 2 == 0),
                Where("left half", height, width, (y, x) => x < width / 2),
            };
            var result = new List<MaskPattern>();
            for (int i = 0; i < count; i++)
            {
                if (i < fixedPatterns.Count)
                {
                    result.Add(fixedPatterns[i]);
                    continue;
                }

                if (i % 2 == 0)
                {
                    int y0 = rng.Next(height), x0 = rng.Next(width);
                    int y1 = rng.Next(y0, height) + 1, x1 = rng.Next(x0, width) + 1;
                    result.Add(Where($"box {x0},{y0}-{x1},{y1}", height, width, (y, x) => y >= y0 && y < y1 && x >= x0 && x < x1));
                }
                else
                {
                    double p = rng.NextDouble();
                    var values = new float[height * width];
                    for (int k = 0; k < values.Length; k++)
                    {
                        values[k] = rng.NextDouble() < p ? 1f : 0f;
                    }

                    result.Add(new MaskPattern($"noise p={p:0.00}", values));
                }
            }

            return result;
        }

        private static MaskPattern Single(string name, int height, int width, int y, int x) =>
            Where(name, height, width, (yy, xx) => yy == y && xx == x);

        private static MaskPattern Where(string name, int height, int width, Func<int, int, bool> present)
        {
            var values = new float[height * width];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    values[y * width + x] = present(y, x) ? 1f : 0f;
                }
            }

            return new MaskPattern(name, values);
        }
    }
}
