namespace ConvAD.Evaluation
{
    /// <summary>
    /// The files a finished (or merged) evaluation shows its rows with, each written atomically. Each chart's PNG has an SVG of the
    /// same name beside it (<see cref="Charts.ChartFiles.SvgOf"/>).
    /// </summary>
    /// <param name="Summary">summary.md: the tables.</param>
    /// <param name="Robustness">The ρ-robustness curves.</param>
    /// <param name="Size">The explanation sizes per mode.</param>
    /// <param name="Confidence">The confidence kept per mode.</param>
    /// <param name="SizeRobustness">The size-controlled chart (r of the top-k% per mode), or null when the rows have no top-k% columns.</param>
    /// <param name="Report">report.html: the charts and the summary in one self-contained page.</param>
    public sealed record EvaluationReportFiles(string Summary, string Robustness, string Size, string Confidence, string? SizeRobustness, string Report);
}
