using System.Diagnostics;
using ConvAD.Benchmarks;
using ConvAD.Gpu;
using ConvAD.Verification;

namespace ConvAD.Cli.Devices
{
    /// <summary>
    /// <see cref="ThroughputBenchmark"/> on ConvAD's own runtime: the device's plain forward (<see cref="GpuConvAdModel.RunPlain"/>)
    /// against its ConvAD forward under non-trivial masks (<see cref="GpuConvAdModel.Run"/>), same process, alternating runs,
    /// medians. A timed call is the whole API call: images and masks copied in, kernels, scores copied out.
    /// </summary>
    public static class DeviceBenchmark
    {
        public static ThroughputResult Run(GpuConvAdModel model, int height, int width, string device, int batch, int runs, int warmup, int seed)
        {
            if (batch < 1 || runs < 1 || warmup < 0)
            {
                throw new ArgumentException("batch and runs must be at least 1, warm-up at least 0");
            }

            if (height * width != model.MaskSize)
            {
                throw new InvalidOperationException($"the mask size {height}×{width} does not match the device model's {model.MaskSize} values");
            }

            // The same inputs as the CPU benchmark: uniform [-1, 1) images, the random boxes and noise of MaskPatterns.
            var rng = new Random(seed);
            float[] images = new float[checked(batch * model.ImageSize)];
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = (float)(rng.NextDouble() * 2 - 1);
            }

            IReadOnlyList<MaskPattern> patterns = MaskPatterns.Generate(height, width, batch + 7, seed).Skip(7).ToList();
            float[] masks = new float[checked(batch * model.MaskSize)];
            for (int k = 0; k < batch; k++)
            {
                patterns[k].Values.CopyTo(masks, k * model.MaskSize);
            }

            // The first call of each mode builds its launch sequence (and compiles kernels): warm-up, never timed.
            int untimed = Math.Max(1, warmup);
            for (int i = 0; i < untimed; i++)
            {
                Device.OnDevice(() => model.RunPlain(images, batch), device, $"the plain forward of a batch of {batch}");
                Device.OnDevice(() => model.Run(images, masks, batch), device, $"the ConvAD forward of a batch of {batch}");
            }

            var plain = new List<double>(runs);
            var convAd = new List<double>(runs);
            var watch = new Stopwatch();
            for (int i = 0; i < runs; i++)
            {
                watch.Restart();
                Device.OnDevice(() => model.RunPlain(images, batch), device, $"the plain forward of a batch of {batch}");
                plain.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                Device.OnDevice(() => model.Run(images, masks, batch), device, $"the ConvAD forward of a batch of {batch}");
                convAd.Add(watch.Elapsed.TotalMilliseconds);
            }

            return new ThroughputResult(batch, runs, ThroughputBenchmark.Median(plain), ThroughputBenchmark.Median(convAd));
        }
    }
}
