using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ConvAD.Generator.Model
{
    /// <summary>
    /// A source location as plain values: a <see cref="Location"/> holds its syntax tree, which would keep
    /// the whole compilation alive in the pipeline and never compare equal across runs.
    /// </summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(Location? location) =>
            location?.SourceTree == null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
