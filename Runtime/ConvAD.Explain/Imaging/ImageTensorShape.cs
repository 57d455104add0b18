using System;

namespace ConvAD.Imaging
{
    /// <summary>Where the channel axis sits in a 4-D image tensor.</summary>
    public enum ImageTensorLayout
    {
        /// <summary>[N, C, H, W]: one plane per channel (PyTorch exports).</summary>
        Nchw,

        /// <summary>[N, H, W, C]: channels interleaved per pixel (TensorFlow exports).</summary>
        Nhwc,
    }

    /// <summary>One image's slice of a model input tensor: channels, height, width and layout, all taken from the graph.</summary>
    public readonly record struct ImageTensorShape(int Channels, int Height, int Width, ImageTensorLayout Layout)
    {
        /// <summary>The image slice of a model's input, as the plan read it from the graph.</summary>
        public static ImageTensorShape Of(Plan.ModelInput input) =>
            new ImageTensorShape(input.Channels, input.Height, input.Width, input.Layout.IsNchw ? ImageTensorLayout.Nchw : ImageTensorLayout.Nhwc);

        /// <summary>Floats one image occupies; image <c>i</c> of a batch starts at <c>i * Length</c>.</summary>
        public int Length => checked(Channels * Height * Width);

        internal void Check()
        {
            if (Channels != 1 && Channels != 3)
            {
                throw new ArgumentException($"an image input needs 1 or 3 channels, not {Channels}");
            }

            if (Height <= 0 || Width <= 0)
            {
                throw new ArgumentException($"input size {Width}×{Height} is not positive");
            }

            if (!Enum.IsDefined(Layout))
            {
                throw new ArgumentException($"unknown layout {Layout}");
            }
        }

        /// <inheritdoc/>
        public override string ToString() =>
            Layout == ImageTensorLayout.Nchw ? $"NCHW [{Channels}, {Height}, {Width}]" : $"NHWC [{Height}, {Width}, {Channels}]";
    }
}
