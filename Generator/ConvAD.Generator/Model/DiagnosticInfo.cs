using System.Linq;
using Microsoft.CodeAnalysis;

namespace ConvAD.Generator.Model
{
    /// <summary>A diagnostic to report, as equatable values (descriptors are static, so compare by reference).</summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            new DiagnosticInfo(descriptor, location, arguments.ToEquatableArray());

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());
    }
}
