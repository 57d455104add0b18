namespace ConvAD.Validation
{
    /// <summary>
    /// The sizes a model may declare, checked before anything is allocated from them. They are far above any CNN
    /// image classifier and far below what would overflow the engines' 32-bit index arithmetic or exhaust memory.
    /// </summary>
    public static class ModelLimits
    {
        /// <summary>
        /// The newest default-domain (ai.onnx) opset accepted. ONNX 1.20 defines opset 25; one more leaves room for the
        /// next release. A higher number is no opset that any runtime implements.
        /// </summary>
        public const long MaxDefaultOpset = 26;

        /// <summary>The newest ai.onnx.ml opset accepted (ONNX 1.18 defines 5), with the same room.</summary>
        public const long MaxMlOpset = 6;

        /// <summary>One declared dimension, kernel size, stride, dilation or pad.</summary>
        public const long MaxDimension = 1L << 24;

        /// <summary>The image input's height and width.</summary>
        public const long MaxInputSide = 16384;

        /// <summary>One image's values (channels × height × width): 1 GiB of float32.</summary>
        public const long MaxInputElements = 1L << 28;

        /// <summary>One initializer's or constant's elements: what a .NET array and ONNX Runtime's int32 indexing hold.</summary>
        public const long MaxTensorElements = int.MaxValue;
    }
}
