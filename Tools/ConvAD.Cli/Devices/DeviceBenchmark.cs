using ConvAD.Benchmarks;
using ConvAD.Gpu;

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
            if (height * width != model.MaskSize)
            {
                throw new InvalidOperationException($"the mask size {height}×{width} does not match the device model's {model.MaskSize} values");
            }

            // The first call of each mode builds its launch sequence (and compiles kernels): at least one untimed round.
            return ThroughputBenchmark.Run(model.ImageSize, height, width,
                images => Device.OnDevice(() => model.RunPlain(images, batch), device, $"the plain forward of a batch of {batch}"),
                (images, masks) => Device.OnDevice(() => model.Run(images, masks, batch), device, $"the ConvAD forward of a batch of {batch}"),
                batch, runs, Math.Max(1, warmup), seed);
        }
    }
}
