namespace ConvAD.Generator.Model
{
    /// <summary>A type that encloses the annotated class: its declaration keyword and name (with type parameters).</summary>
    internal sealed record ContainingType(string Keyword, string Name);

    /// <summary>The annotated class, as the generated partial declaration needs it.</summary>
    /// <param name="Namespace">Empty for the global namespace.</param>
    /// <param name="Name">The class name without type parameters (it is also the constructor's name).</param>
    /// <param name="TypeParameters">"&lt;T&gt;" or empty.</param>
    /// <param name="Containing">Enclosing types, outermost first.</param>
    internal sealed record TargetType(
        string Namespace,
        string Keyword,
        string Name,
        string TypeParameters,
        EquatableArray<ContainingType> Containing,
        bool IsPartial,
        string NonPartialName)
    {
        public string FullName => (Namespace.Length > 0 ? Namespace + "." : "") + Name + TypeParameters;
    }

    /// <summary>The [ConvAdModel] arguments as written.</summary>
    internal sealed record ModelArguments(string Path, string? Threshold, string? Combination, string? Labels);

    /// <summary>
    /// Where each diagnostic of a target points: a diagnostic about an argument at that argument's expression, one
    /// about the class at its identifier, anything else at the attribute. An argument not written falls back to the attribute.
    /// </summary>
    internal sealed record TargetLocations(
        LocationInfo? Attribute,
        LocationInfo? Class,
        LocationInfo? Path,
        LocationInfo? Threshold,
        LocationInfo? Combination,
        LocationInfo? Labels);

    /// <summary>
    /// What the attribute pipeline step produces for one annotated class. The locations ride along for
    /// diagnostics only: the spec that feeds source output never holds them, so moving code regenerates nothing.
    /// </summary>
    /// <param name="SourceDirectory">The folder of the annotated file: where relative paths resolve when the project folder is unknown.</param>
    /// <param name="AttributeCount">How many [ConvAdModel] attributes the class has in all its declarations (more than one is CVAD016).</param>
    /// <param name="ExtraAttributes">The attributes of this declaration after the class's first one: where CVAD016 is reported, once each.</param>
    internal sealed record ModelTarget(
        TargetType Type,
        ModelArguments Arguments,
        string SourceDirectory,
        TargetLocations Locations,
        int AttributeCount,
        EquatableArray<LocationInfo> ExtraAttributes)
    {
        /// <summary>The attribute: where a diagnostic about the target as a whole points.</summary>
        public LocationInfo? Location => Locations.Attribute;
    }
}
