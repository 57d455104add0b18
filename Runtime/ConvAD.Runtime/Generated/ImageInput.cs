using System;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Generated
{
    /// <summary>
    /// One image as a model's input tensor (float32, the model's layout). Each generated model class
    /// derives its own <c>Input</c> from this, so the input of one model cannot be passed to another.
    /// </summary>
    public abstract class ImageInput
    {
        private readonly GeneratedModelSpec _spec;
        private readonly float[] _values;

        /// <summary>An input of the model <paramref name="spec"/> describes; the generated <c>Input</c> passes its model's spec.</summary>
        protected ImageInput(GeneratedModelSpec spec)
        {
            _spec = spec ?? throw new ArgumentNullException(nameof(spec));
            _values = new float[spec.TensorShape.Length];
        }

        /// <param name="spec">The spec of the model the input is for.</param>
        /// <param name="values">Exactly one image's worth of preprocessed values, in the model's layout; copied.</param>
        protected ImageInput(GeneratedModelSpec spec, ReadOnlySpan<float> values)
            : this(spec)
        {
            if (values.Length != _values.Length)
            {
                throw new ArgumentException($"{spec.ClassName} takes {spec.TensorShape} inputs ({_values.Length} values), got {values.Length}", nameof(values));
            }

            values.CopyTo(_values);
        }

        /// <summary>The tensor values, in the model's layout.</summary>
        public Span<float> Values => _values;

        /// <summary>Resizes and normalises <paramref name="image"/> as the model's description says, into this input.</summary>
        protected void Write(Image<Rgb24> image) => Preprocessor.Write(image, _spec.Preprocessing, _spec.TensorShape, _values);

        /// <summary>Loads an image file and writes it into this input.</summary>
        protected void WriteFile(string path)
        {
            using Image<Rgb24> image = new ImageLoader().Load(path);
            Write(image);
        }
    }
}
