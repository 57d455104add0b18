using System;
using ConvAD.Explanation;
using ConvAD.Imaging;

namespace ConvAD.Gpu
{
    /// <summary>
    /// The GPU runtime seen by the explainer: the same search, with its thousands of mutants evaluated on the device.
    /// Does not own the model.
    /// </summary>
    public sealed class GpuExplainableModel : IExplainableModel
    {
        private readonly GpuConvAdModel _model;

        public GpuExplainableModel(GpuConvAdModel model)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            Shape = ImageTensorShape.Of(model.Input);
        }

        public ImageTensorShape Shape { get; }

        public int ClassCount => _model.ClassCount;

        public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores) => _model.RunPlain(images, count).CopyTo(scores);

        public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores) =>
            _model.Run(images, masks, count).CopyTo(scores);
    }
}
