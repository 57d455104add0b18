using System;

namespace ConvAD.Explanation
{
    /// <summary>Wall time of each phase of one explanation.</summary>
    public sealed record ExplanationTimings(TimeSpan Target, TimeSpan Responsibility, TimeSpan Extraction, TimeSpan Minimisation)
    {
        /// <summary>The whole explanation's wall time.</summary>
        public TimeSpan Total => Target + Responsibility + Extraction + Minimisation;
    }
}
