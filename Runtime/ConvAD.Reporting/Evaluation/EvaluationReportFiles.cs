namespace ConvAD.Evaluation
{
    /// <summary>The files a finished (or merged) evaluation shows its rows with, each written atomically.</summary>
    public sealed record EvaluationReportFiles(string Summary, string Robustness, string Size, string Confidence);
}
