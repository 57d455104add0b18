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

    /// <summary>Build settings read from the project (MSBuild properties made visible to the compiler).</summary>
    internal sealed record GeneratorSettings(string? ProjectDirectory);
}
