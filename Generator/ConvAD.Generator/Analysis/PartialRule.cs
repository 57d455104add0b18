using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvAD.Generator.Analysis
{
    /// <summary>
    /// CVAD005's rule, in one place for the analyzer that reports it and the generator that then generates nothing:
    /// the generated members go into another part of the class, so the class and every class it is nested in must be
    /// partial; a static class cannot hold the instance members the generator adds, so it counts as "not partial" too.
    /// </summary>
    internal static class PartialRule
    {
        /// <summary>The type that breaks the rule (the class itself first, then its containing types, innermost first), or null.</summary>
        public static INamedTypeSymbol? FindNonPartial(INamedTypeSymbol type)
        {
            if (type.IsStatic || !IsPartial(type))
            {
                return type;
            }

            for (INamedTypeSymbol? outer = type.ContainingType; outer != null; outer = outer.ContainingType)
            {
                if (!IsPartial(outer))
                {
                    return outer;
                }
            }

            return null;
        }

        private static bool IsPartial(INamedTypeSymbol type) =>
            type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
    }
}
