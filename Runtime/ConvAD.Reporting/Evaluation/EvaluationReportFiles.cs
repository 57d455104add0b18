namespace ConvAD.Evaluation
{
    /// <summary>The files a finished (or merged) evaluation shows its rows with, each written atomically.</summary>
    /// <param name="SizeRobustness">The size-controlled chart (r of the top-k% per mode), or null when the rows have no top-k% columns.</param>
    public sealed record EvaluationReportFiles(string Summary, string Robustness, string Size, string Confidence, string? SizeRobustness = null);
}
