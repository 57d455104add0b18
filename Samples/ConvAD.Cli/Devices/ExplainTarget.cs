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
            return new ExplainTarget(new GpuExplainableModel(gpu), $"{device} ({gpu.DeviceName})", gpu);
        }

        public void Dispose() => _gpu?.Dispose();
    }
}
