using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Verification;

namespace ConvAD.Benchmarks
{
    /// <summary>Medians of plain ONNX Runtime inference and of the ConvAD forward, measured side by side.</summary>
    public sealed record ThroughputResult(int Batch, int Runs, double PlainMedianMs, double ConvAdMedianMs)
    {
        /// <summary>Images per second of plain inference: <c>Batch</c> images per median run.</summary>
        public double PlainImagesPerSecond => Batch * 1000.0 / PlainMedianMs;

        /// <summary>Images per second of the ConvAD forward: <c>Batch</c> images per median run.</summary>
        public double ConvAdImagesPerSecond => Batch * 1000.0 / ConvAdMedianMs;

        /// <summary>ConvAD throughput over plain throughput (1 = free, 0.5 = half as fast).</summary>
        public double Ratio => ConvAdImagesPerSecond / PlainImagesPerSecond;
    }

    /// <summary>
    /// Compares the original model (batch made symbolic, nothing else changed) with the ConvAD forward
    /// under non-trivial masks, in one process, alternating runs so drift and noise hit both alike; each timed call is the
    /// second of two calls of its forward in a row.
    /// </summary>
    public static class ThroughputBenchmark
    {
        /// <summary>Times <paramref name="model"/>'s plain inference against its ConvAD forward on the same random batch.</summary>
        /// <param name="model">The model to time.</param>
        /// <param name="batch">Images per call, at least 1.</param>
        /// <param name="runs">Timed rounds (two plain and two ConvAD calls each, the second of each timed), at least 1.</param>
        /// <param name="warmup">Untimed rounds first, at least 0.</param>
        /// <param name="seed">Seeds the images and the masks.</param>
        /// <exception cref="ArgumentException">A batch of 0, runs below 1 or warm-up below 0.</exception>
        public static ThroughputResult Run(ConvAdModel model, int batch, int runs, int warmup, int seed)
        {
            var output = new float[batch * model.ClassCount];
            return Run(model.ImageSize, model.Input.Height, model.Input.Width,
                images => model.RunPlain(images, batch, output), (images, masks) => model.Run(images, masks, batch, output), batch, runs, warmup, seed);
        }

        /// <summary>
        /// The same comparison for any pair of forwards of one batch (another runtime's, for example): uniform [-1, 1)
        /// images, masks like an explainer's mutants, <paramref name="warmup"/> untimed rounds, then alternating timed runs.
        /// </summary>
        public static ThroughputResult Run(int imageSize, int height, int width, Action<float[]> plain, Action<float[], float[]> convAd,
            int batch, int runs, int warmup, int seed)
        {
            if (batch < 1 || runs < 1 || warmup < 0)
            {
                throw new ArgumentException("batch and runs must be at least 1, warm-up at least 0");
            }

            var rng = new Random(seed);
            float[] images = new float[checked(batch * imageSize)];
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = (float)(rng.NextDouble() * 2 - 1);
            }

            // Masks like an explainer's mutants: a random mix of the stress patterns and random boxes.
            IReadOnlyList<MaskPattern> patterns = MaskPatterns.Generate(height, width, batch + 7, seed).Skip(7).ToList();
            float[] masks = patterns.SelectMany(p => p.Values).ToArray();
            for (int i = 0; i < warmup; i++)
            {
                plain(images);
                convAd(images, masks);
            }

            var plainMs = new List<double>(runs);
            var convAdMs = new List<double>(runs);
            var watch = new Stopwatch();
            for (int i = 0; i < runs; i++)
            {
                // Each timed call follows an untimed call of the same forward. Each ONNX Runtime session has its own threads,
                // which spin for a while after a call; timed straight after the other session's call, a call shared the cores
                // with those spinning threads (SqueezeNet on 2 cores: plain 170 instead of 245 images/s, and a ratio 0.04 too
                // high, docs/performance.md). An explainer calls one forward many times in a row, which is what this times.
                plain(images);
                watch.Restart();
                plain(images);
                plainMs.Add(watch.Elapsed.TotalMilliseconds);
                convAd(images, masks);
                watch.Restart();
                convAd(images, masks);
                convAdMs.Add(watch.Elapsed.TotalMilliseconds);
            }

            return new ThroughputResult(batch, runs, Median(plainMs), Median(convAdMs));
        }

        /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count); sorts the list in place.</summary>
        public static double Median(List<double> values)
        {
            values.Sort();
            int n = values.Count;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }
}
