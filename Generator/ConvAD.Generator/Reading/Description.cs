using ConvAD.Generator.Model;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// A model description sidecar (<c>*.convad.json</c>, docs/model-description.md) as the generator
    /// needs it. The generated code embeds it, so the application needs only the ONNX file at run time.
    /// </summary>
    /// <param name="ModelPath">The ONNX file it names, resolved against its folder.</param>
    /// <param name="Labels">Inline labels or the labels file's lines; empty when it names none.</param>
    /// <param name="LabelsSource">Where the labels came from, for messages.</param>
    internal sealed record Description(
        string SidecarPath,
        string ModelPath,
        string? Name,
        PreprocessingSpec Preprocessing,
        string OutputKind,
        EquatableArray<string> Labels,
        string LabelsSource);
}
