using System.Runtime.CompilerServices;

// The engine checks an input shape before preprocessing into it (ImageTensorShape.Check); the evaluation's pictures
// draw from the explainer's random streams and blur (SplitMix64, GaussianBlur) and are preprocessed into a BackgroundSet.
[assembly: InternalsVisibleTo("ConvAD.Runtime")]

// The GPU runtime reads initializers through the same protobuf walk (ProtoFields, TensorPayload).
[assembly: InternalsVisibleTo("ConvAD.Gpu")]
[assembly: InternalsVisibleTo("ConvAD.Tests")]
[assembly: InternalsVisibleTo("ConvAD.Gpu.Tests")]
