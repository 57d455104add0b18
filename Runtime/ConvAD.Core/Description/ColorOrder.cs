namespace ConvAD.Description
{
    /// <summary>How the model expects colour channels in its input tensor.</summary>
    public enum ColorOrder
    {
        /// <summary>Three channels: red, green, blue (torchvision and most PyTorch exports).</summary>
        Rgb,

        /// <summary>Three channels: blue, green, red (Caffe-era models such as SqueezeNet).</summary>
        Bgr,

        /// <summary>One channel: ITU-R 601 luma, so an already grey pixel keeps its exact value.</summary>
        Gray,
    }
}
