namespace ConvAD.Generator
{
    /// <summary>Names of the pipeline steps, so tests can assert what was cached.</summary>
    public static class TrackingNames
    {
        public const string Targets = "ConvAdTargets";
        public const string Settings = "ConvAdSettings";
        public const string ModelFiles = "ConvAdModelFiles";
        public const string TextFiles = "ConvAdTextFiles";
        public const string Results = "ConvAdResults";
        public const string Specs = "ConvAdSpecs";
        public const string Diagnostics = "ConvAdDiagnostics";
        public const string GpuRuntime = "ConvAdGpuRuntime";
        public const string GpuSpecs = "ConvAdGpuSpecs";
    }
}
