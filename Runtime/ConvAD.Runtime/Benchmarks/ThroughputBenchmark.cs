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
        public double PlainImagesPerSecond => Batch * 1000.0 / PlainMedianMs;

        public double ConvAdImagesPerSecond => Batch * 1000.0 / ConvAdMedianMs;

        /// <summary>ConvAD throughput over plain throughput (1 = free, 0.5 = half as fast).</summary>
        public double Ratio => ConvAdImagesPerSecond / PlainImagesPerSecond;
    }

    /// <summary>
    /// Compares the original model (batch made symbolic, nothing else changed) with the ConvAD forward
    /// under non-trivial masks, in one process, alternating runs so drift and noise hit both alike.
    /// </summary>
    public static class ThroughputBenchmark
    {
        public static ThroughputResult Run(ConvAdModel model, int batch, int runs, int warmup, int seed)
        {
            if (batch < 1 || runs < 1 || warmup < 0)
            {
                throw new ArgumentException("batch and runs must be at least 1, warm-up at least 0");
            }

            var rng = new Random(seed);
            float[] images = new float[batch * model.ImageSize];
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = (float)(rng.NextDouble() * 2 - 1);
            }

            // Masks like an explainer's mutants: a random mix of the stress patterns and random boxes.
            IReadOnlyList<MaskPattern> patterns = MaskPatterns.Generate(model.Input.Height, model.Input.Width, batch + 7, seed).Skip(7).ToList();
            float[] masks = patterns.SelectMany(p => p.Values).ToArray();
            var output = new float[batch * model.ClassCount];
            for (int i = 0; i < warmup; i++)
            {
                model.RunPlain(images, batch, output);
                model.Run(images, masks, batch, output);
            }

            var plain = new List<double>(runs);
            var convAd = new List<double>(runs);
            var watch = new Stopwatch();
            for (int i = 0; i < runs; i++)
            {
                watch.Restart();
                model.RunPlain(images, batch, output);
                plain.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                model.Run(images, masks, batch, output);
                convAd.Add(watch.Elapsed.TotalMilliseconds);
            }

            return new ThroughputResult(batch, runs, Median(plain), Median(convAd));
        }

        public static double Median(List<double> values)
        {
            values.Sort();
            int n = values.Count;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }
}
