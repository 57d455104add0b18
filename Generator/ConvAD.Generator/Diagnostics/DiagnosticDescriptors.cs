using Microsoft.CodeAnalysis;

namespace ConvAD.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic the ConvAD generator reports. IDs are stable: a released ID is never reused for
    /// another meaning (AnalyzerReleases.Shipped.md / Unshipped.md track them; docs/diagnostics.md explains them, and
    /// each descriptor's help link is its section there, <see cref="HelpLinks"/>).
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "ConvAD";

        public static readonly DiagnosticDescriptor ModelFileNotFound = Error(
            "CVAD001",
            "Model file not found",
            "The model file '{0}' named by [ConvAdModel] on '{1}' is not a model file of the project: {2}");

        public static readonly DiagnosticDescriptor InvalidOnnx = Error(
            "CVAD002",
            "Not a valid ONNX model",
            "'{0}' is not a valid ONNX model: {1}");

        public static readonly DiagnosticDescriptor UnsupportedOp = Error(
            "CVAD003",
            "Model not supported by ConvAD",
            "ConvAD cannot run '{0}': {1}");

        public static readonly DiagnosticDescriptor NotImageClassifier = Error(
            "CVAD004",
            "Not an image classifier",
            "'{0}' is not an image classifier ConvAD can run: {1}");

        public static readonly DiagnosticDescriptor ClassNotPartial = Error(
            DiagnosticIds.ClassNotPartial,
            "Model class must be partial",
            "'{0}' must be declared partial (and not static) for [ConvAdModel] to generate its model code");

        public static readonly DiagnosticDescriptor LabelCountMismatch = Error(
            "CVAD006",
            "Label count differs from class count",
            "{0} labels in '{1}' but the model '{2}' outputs {3} classes");

        public static readonly DiagnosticDescriptor InvalidDescription = Error(
            "CVAD007",
            "Invalid model description",
            "The model description '{0}' is invalid: {1}");

        public static readonly DiagnosticDescriptor InvalidArgument = Error(
            "CVAD008",
            "Invalid [ConvAdModel] argument",
            "[ConvAdModel] {0} '{1}' is not valid: {2}");

        public static readonly DiagnosticDescriptor DefaultPreprocessing = Warning(
            "CVAD009",
            "No model description: default preprocessing assumed",
            "No model description found for '{0}': assumed {2}, which is wrong for most ImageNet models; add '{1}' beside the model (docs/model-description.md)");

        public static readonly DiagnosticDescriptor GeneratorFailure = Error(
            "CVAD010",
            "ConvAD generator failure",
            "The ConvAD generator could not process '{0}': {1}");

        public static readonly DiagnosticDescriptor NoGpuForward = Warning(
            "CVAD011",
            "No GPU forward pass for this model",
            "No GPU forward pass (ForwardLayers, LoadGpu) is generated for '{0}': {1}; the rest of the model class is generated as usual");

        public static readonly DiagnosticDescriptor InputSizeNeeded = Error(
            "CVAD012",
            "Input size needed for a symbolic height or width",
            "The input of '{0}' is {1}: its height or width is symbolic, so the model class needs the size to run it at; add \"input\": {{ \"size\": [H, W] }} to its model description '{2}' (docs/model-description.md)");

        public static readonly DiagnosticDescriptor InvalidModel = Error(
            "CVAD013",
            "Model breaks a rule of ONNX",
            "'{0}' is not a model ONNX allows: {1}");

        public static readonly DiagnosticDescriptor ModelOverLimit = Error(
            "CVAD014",
            "Model beyond ConvAD's size limits",
            "'{0}' declares sizes beyond ConvAD's limits: {1}");

        public static readonly DiagnosticDescriptor RecordNotSupported = Error(
            "CVAD015",
            "[ConvAdModel] needs a class, not a record",
            "'{0}' is a {1}: [ConvAdModel] generates a model class that owns its inference sessions, which a record's value equality, printing and 'with' copies would compare, print and share; declare it 'partial class'");

        public static readonly DiagnosticDescriptor DuplicateAttribute = Error(
            "CVAD016",
            "More than one [ConvAdModel] on a class",
            "'{0}' has {1} [ConvAdModel] attributes: a model class is generated for one model; keep one attribute and declare another class for each other model");

        public static readonly DiagnosticDescriptor NotOnnxFile = Error(
            "CVAD017",
            "Model file is not ONNX",
            "'{0}' is not an ONNX model file: [ConvAdModel] takes a '.onnx' model or its '.convad.json' description; export the model to ONNX (PyTorch: torch.onnx.export; Keras/TensorFlow: tf2onnx) and name the '.onnx' file{1}");

        public static readonly DiagnosticDescriptor OverTimeBudget = Error(
            "CVAD018",
            "Model over the generator's time budget",
            "Reading and planning '{0}' took longer than {1}: the generator stopped so the build does not hang; raise <ConvAdModelTimeBudget> (seconds) in the project if the model is legitimate");

        private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

        private static DiagnosticDescriptor Warning(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Warning);

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
            new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinks.For(id));
    }
}
