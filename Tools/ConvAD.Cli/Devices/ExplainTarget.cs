using ConvAD.Classification;
using ConvAD.Explanation;
using ConvAD.Gpu;
using ConvAD.Plan;

namespace ConvAD.Cli.Devices
{
    /// <summary>The model an explanation evaluates its mutants on: the engine (cpu) or ConvAD's GPU runtime, which this owns.</summary>
    public sealed class ExplainTarget : IDisposable
    {
        private readonly GpuConvAdModel? _gpu;

        private ExplainTarget(IExplainableModel model, string name, GpuConvAdModel? gpu)
        {
            Model = model;
            Name = name;
            _gpu = gpu;
        }

        public IExplainableModel Model { get; }

        /// <summary>The device in words, for reports.</summary>
        public string Name { get; }

        public static ExplainTarget For(ImageClassifier classifier, string device, PlanOptions plan)
        {
            if (Device.Kind(device) is not DeviceKind kind)
            {
                return new ExplainTarget(new EngineModel(classifier.Model), Device.CpuName, null);
            }

            GpuConvAdModel gpu = Device.Load(classifier.Description.ModelPath, kind, plan, device);
            return new ExplainTarget(new OnDevice(new GpuExplainableModel(gpu), device), $"{device} ({gpu.DeviceName})", gpu);
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
                float[] result = Device.OnDevice(() => Masked(x, m, count), _device, $"the ConvAD forward of {count} mutants");
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
