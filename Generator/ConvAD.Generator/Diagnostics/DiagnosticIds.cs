namespace ConvAD.Generator.Diagnostics
{
    /// <summary>
    /// IDs that another assembly needs too: the code fix for CVAD005 links this file, because a code fix lives in an
    /// assembly of its own (it needs Workspaces, which the compiler does not load beside a generator).
    /// </summary>
    internal static class DiagnosticIds
    {
        /// <summary>The model class, or a class it is nested in, is not partial.</summary>
        public const string ClassNotPartial = "CVAD005";
    }
}
