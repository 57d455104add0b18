using System;
using ConvAD.Engine;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>The engine's <see cref="ConvAdModel"/> seen as an <see cref="IExplainableModel"/>. Does not own the model.</summary>
    public sealed class EngineModel : IExplainableModel
    {
        private readonly ConvAdModel _model;

        public EngineModel(ConvAdModel model)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            Shape = ImageTensorShape.Of(model.Input);
        }

        public ImageTensorShape Shape { get; }

        public int ClassCount => _model.ClassCount;

        public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores) => _model.RunPlain(images, count, scores);

        public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores) =>
            _model.Run(images, masks, count, scores);
    }
}
