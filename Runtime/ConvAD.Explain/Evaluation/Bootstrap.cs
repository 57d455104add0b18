using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>A mean and its confidence interval.</summary>
    public readonly record struct MeanInterval(double Mean, double Low, double High);

    /// <summary>Percentile bootstrap of a mean over images: deterministic for a seed, whatever the machine.</summary>
    public static class Bootstrap
    {
        /// <summary>Resamples of the images per interval: enough for a stable 95% percentile interval.</summary>
        public const int DefaultResamples = 2000;

        /// <summary>The seed of the resampling when the caller gives none, so two summaries of the same rows agree.</summary>
        public const long DefaultSeed = 20_000;

        /// <summary>
        /// The mean of <paramref name="values"/> (NaN ignored) and the percentile interval of <paramref name="resamples"/> means
        /// of resamples with replacement, at <paramref name="level"/> (0.95: the 2.5th and 97.5th percentiles). NaN for no values.
        /// </summary>
        public static MeanInterval MeanInterval(IEnumerable<double> values, int resamples = DefaultResamples, double level = 0.95, long seed = DefaultSeed)
        {
            ArgumentNullException.ThrowIfNull(values);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
            if (!(level > 0 && level < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(level), level, "the level must be in (0, 1)");
            }

            double[] v = values.Where(x => !double.IsNaN(x)).ToArray();
            if (v.Length == 0)
            {
                return new MeanInterval(double.NaN, double.NaN, double.NaN);
            }

            var rng = new SplitMix64(SplitMix64.Key(seed, 0, v.Length));
            var means = new double[resamples];
            for (int b = 0; b < resamples; b++)
            {
                double sum = 0;
                for (int i = 0; i < v.Length; i++)
                {
                    sum += v[rng.NextInt(v.Length)];
                }

                means[b] = sum / v.Length;
            }

            double tail = (1 - level) / 2;
            return new MeanInterval(v.Average(), ModeSummary.Quantile(means, tail), ModeSummary.Quantile(means, 1 - tail));
        }
    }
}
