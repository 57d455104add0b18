using System;
using System.Diagnostics;

namespace ConvAD
{
    /// <summary>
    /// Generates, at compile time, a ConvAD-aware model class for the annotated <c>partial</c> class
    /// from an ONNX image classifier: typed input and mask types, <c>Load</c>, <c>Forward</c>,
    /// <c>Predict</c> and the model's ConvAD plan. A model ConvAD cannot handle fails the build with a
    /// <c>CVAD</c> diagnostic (docs/diagnostics.md).
    /// </summary>
    /// <remarks>
    /// The attribute exists only at compile time (<see cref="ConditionalAttribute"/>): define
    /// <c>CONVAD_KEEP_ATTRIBUTES</c> to keep it in the compiled assembly.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    [Conditional("CONVAD_KEEP_ATTRIBUTES")]
    public sealed class ConvAdModelAttribute : Attribute
    {
        /// <param name="path">
        /// The ONNX file (<c>.onnx</c>) or its model description (<c>.convad.json</c>), relative to the
        /// project folder. The file must be a model file of the project: files under the project folder
        /// are included automatically, others with <c>&lt;ConvAdModel Include="…" /&gt;</c>. A path that
        /// matches no file exactly may name a model file by its file name alone.
        /// </param>
        public ConvAdModelAttribute(string path)
        {
            Path = path;
        }

        /// <summary>The model file or its description, as given.</summary>
        public string Path { get; }

        /// <summary>
        /// τ of the propagation rule: <c>"any"</c>, <c>"all"</c> or a number in (0, 1] such as <c>"0.5"</c>
        /// (the default). A string rather than a number so that "any" and "all" read as what they mean.
        /// </summary>
        public string? Threshold { get; set; }

        /// <summary>How masks of branches that meet combine: <c>"intersection"</c> (default) or <c>"union"</c>.</summary>
        public string? Combination { get; set; }

        /// <summary>
        /// A labels file (one label per line), relative to the project folder; overrides the labels of
        /// the model description.
        /// </summary>
        public string? Labels { get; set; }
    }
}
