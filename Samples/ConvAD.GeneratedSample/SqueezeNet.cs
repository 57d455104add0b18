using ConvAD;

namespace ConvAD.GeneratedSample
{
    /// <summary>The generator adds Load, Predict, Forward, Input, Mask and the ConvAD plan to this class.</summary>
    [ConvAdModel("squeezenet1.1-fp16.onnx")]
    public partial class SqueezeNet
    {
    }
}
