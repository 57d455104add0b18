using System.Collections.Generic;
using ConvAD.Rendering;

namespace ConvAD.Explanation
{
    /// <summary>One explained image as an HTML report shows it.</summary>
    /// <param name="Image">The image's path as the user gave it.</param>
    /// <param name="Result">The explanation asked for.</param>
    /// <param name="Files">Its pictures and map, already written.</param>
    /// <param name="Comparison">The same image under every compared perturbation, or null.</param>
    /// <param name="ComparisonSheet">The comparison sheet's PNG, or null.</param>
    public sealed record ReportedExplanation(string Image, ExplanationResult Result, ExplanationFilePaths Files,
        IReadOnlyList<ExplanationResult>? Comparison = null, string? ComparisonSheet = null);
}
