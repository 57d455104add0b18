using ConvAD.Generator.Model;

namespace ConvAD.Generator.Reading
{
    /// <summary>Why a model file cannot become a model class.</summary>
    internal enum GraphProblemKind
    {
        /// <summary>Not ONNX, truncated or unreadable (CVAD002).</summary>
        InvalidOnnx,

        /// <summary>An image classifier, but an op ConvAD cannot follow, or tensors in external files (CVAD003).</summary>
        Unsupported,

        /// <summary>No image input with a fixed size, or no class output (CVAD004).</summary>
        NotImageClassifier,

        /// <summary>An image input with a symbolic height or width, and no size stated in the model description (CVAD012).</summary>
        MissingInputSize,
        /// <summary>Breaks a rule of ONNX: an opset that does not exist, a Conv group of 0, negative pads… (CVAD013).</summary>
        InvalidModel,

        /// <summary>Valid ONNX, but a size beyond ConvAD's limits (ConvAD.Validation.ModelLimits) (CVAD014).</summary>
        OverLimit,

        /// <summary>Reading and planning took longer than the project's time budget for one model (CVAD018).</summary>
        OverTimeBudget,
    }

    /// <summary>
    /// The outcome of reading one model file: its graph spec, or the problem; and, when asked for, its ConvAD
    /// forward pass as layer calls (kept apart from the graph spec, which alone feeds the model class).
    /// </summary>
    internal sealed record GraphReading(GraphSpec? Graph, GraphProblemKind Problem, string Message, ForwardSpec? Forward = null)
    {
        public static GraphReading Success(GraphSpec graph, ForwardSpec? forward) => new GraphReading(graph, default, "", forward);

        public static GraphReading Failure(GraphProblemKind problem, string message) => new GraphReading(null, problem, message);
    }
}
