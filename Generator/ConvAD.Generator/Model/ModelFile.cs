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
    internal sealed record GeneratorSettings(string? ProjectDirectory);
}
