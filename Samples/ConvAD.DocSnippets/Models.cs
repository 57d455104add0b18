// The model classes the snippets use, in the global namespace as in a user's first console app.
// snippet:models
using ConvAD;

// snippet:squeezenet-class
[ConvAdModel("squeezenet1.1-fp16.onnx")]           // beside the .csproj; its .convad.json is read too
public partial class SqueezeNet { }
// end snippet:squeezenet-class

[ConvAdModel("resnet20.convad.json", Threshold = "any")]   // or name the description
public partial class ResNet20 { }
// end snippet:models
