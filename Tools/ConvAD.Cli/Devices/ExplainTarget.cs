using ConvAD.Classification;
using ConvAD.Explanation;
using ConvAD.Gpu;
using ConvAD.Plan;

namespace ConvAD.Cli.Devices
{
    /// <summary>
    /// The model explain evaluates its mutants on, and verify checks: the engine (cpu) or ConvAD's GPU runtime, which this owns.
    /// Both are <see cref="IExplainableModel"/>s themselves; on a device, failures are reported as the CLI reports them elsewhere.
    /// </summary>
    public sealed class ExplainTarget : IDisposable
    {
        private readonly GpuConvAdModel? _gpu;

        private ExplainTarget(IExplainableModel model, string name, string deviceName, GpuConvAdModel? gpu)
        {
            Model = model;
            Name = name;
            DeviceName = deviceName;
            _gpu = gpu;
        }

        public IExplainableModel Model { get; }

        /// <summary>The device in words, for reports.</summary>
        public string Name { get; }

        /// <summary>The engine's name or the accelerator's, as ILGPU reports it.</summary>
        public string DeviceName { get; }

        public static ExplainTarget For(ImageClassifier classifier, string device, PlanOptions plan)
        {
            if (Device.Kind(device) is not DeviceKind kind)
            {
                return new ExplainTarget(classifier.Model, Device.CpuName, Device.CpuName, null);
            }

            // The engine's plan was built with the sidecar's input size when no --input-size gave one: the device runs at the same size.
            plan = plan.WithInputSizeFallback(classifier.Model.Options.Plan.InputSize);
            GpuConvAdModel gpu = Device.Load(classifier.Description.ModelPath, kind, plan, device);
            return new ExplainTarget(new OnDevice(gpu, device), $"{device} ({gpu.DeviceName})", gpu.DeviceName, gpu);
        }

        public void Dispose() => _gpu?.Dispose();

        /// <summary>Device failures during the search (an op recorded late, out of memory) as the CLI reports them elsewhere.</summary>
        private sealed class OnDevice : IExplainableModel
        {
            private readonly IExplainableModel _inner;
            private readonly string _device;

            public OnDevice(IExplainableModel inner, string device)
            {
                _inner = inner;
                _device = device;
            }

            public Imaging.ImageTensorShape Shape => _inner.Shape;

            public int ClassCount => _inner.ClassCount;

            public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores)
            {
                float[] x = images.ToArray();
                float[] result = Device.OnDevice(() => Plain(x, count), _device, $"the plain forward of {count} images");
                result.CopyTo(scores);
            }

            public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores)
            {
                float[] x = images.ToArray(), m = masks.ToArray();
                float[] result = Device.OnDevice(() => Masked(x, m, count), _device, $"the ConvAD forward of {count} images");
                result.CopyTo(scores);
            }

            private float[] Plain(float[] images, int count)
            {
                var scores = new float[count * ClassCount];
                _inner.RunPlain(images, count, scores);
                return scores;
            }

            private float[] Masked(float[] images, float[] masks, int count)
            {
                var scores = new float[count * ClassCount];
                _inner.RunMasked(images, masks, count, scores);
                return scores;
            }
        }
    }
}
