namespace ConvAD.Generator.Model
{
    /// <summary>
    /// A model file of the project with its size and last-write time. The stamp is the cache key, as in
    /// CsWin32: a file whose stamp has not changed is not read again.
    /// </summary>
    internal sealed record ModelFile(string Path, long Length, long LastWriteTicks)
    {
        public bool Exists => Length >= 0;
    }

    /// <summary>
    /// A text file of the project the generator may read (a model description or a labels file), with its content:
    /// the compiler hands text additional files to generators, so an edit reaches the pipeline as a new value.
    /// </summary>
    /// <param name="Text">Null when the compiler could not read it.</param>
    internal sealed record TextFile(string Path, string? Text);

    /// <summary>Build settings read from the project (MSBuild properties made visible to the compiler).</summary>
    /// <param name="TimeBudgetSeconds">How long reading and planning one model may take (<c>ConvAdModelTimeBudget</c>).</param>
    internal sealed record GeneratorSettings(string? ProjectDirectory, double TimeBudgetSeconds = GeneratorSettings.DefaultTimeBudgetSeconds)
    {
        /// <summary>
        /// Far above what any real model needs (a full-size ResNet-50 plans in well under a second), far below a hung build.
        /// </summary>
        public const double DefaultTimeBudgetSeconds = 60;

        /// <summary>The budget a property value gives: a positive number of seconds (invariant culture), else the default.</summary>
        public static double ParseTimeBudget(string? value) =>
            double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
                && seconds > 0 && seconds <= 86400
                ? seconds
                : DefaultTimeBudgetSeconds;
    }
}
