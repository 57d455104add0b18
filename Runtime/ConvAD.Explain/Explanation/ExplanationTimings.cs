using System;

namespace ConvAD.Explanation
{
    /// <summary>Wall time of each phase of one explanation.</summary>
    public sealed record ExplanationTimings(TimeSpan Target, TimeSpan Responsibility, TimeSpan Extraction, TimeSpan Minimisation)
    {
        public TimeSpan Total => Target + Responsibility + Extraction + Minimisation;
    }
}
