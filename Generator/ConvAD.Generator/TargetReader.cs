using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ConvAD.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvAD.Generator
{
    /// <summary>Reads an annotated class and its attribute into plain values; the only step that sees symbols.</summary>
    internal static class TargetReader
    {
        public static ModelTarget? Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
            {
                return null;
            }

            AttributeData attribute = context.Attributes[0];
            string path = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string p ? p : "";
            string? threshold = null, combination = null, labels = null;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                string? value = named.Value.Value as string;
                switch (named.Key)
                {
                    case "Threshold":
                        threshold = value;
                        break;
                    case "Combination":
                        combination = value;
                        break;
                    case "Labels":
                        labels = value;
                        break;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var containing = new List<ContainingType>();
            string? nonPartial = IsPartialClass(type) ? null : type.ToDisplayString();
            for (INamedTypeSymbol? outer = type.ContainingType; outer != null; outer = outer.ContainingType)
            {
                containing.Insert(0, new ContainingType(Keyword(outer), outer.Name + TypeParameters(outer)));
                if (nonPartial == null && !IsPartial(outer))
                {
                    nonPartial = outer.ToDisplayString();
                }
            }

            var target = new TargetType(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                "class",
                type.Name,
                TypeParameters(type),
                containing.ToEquatableArray(),
                nonPartial == null,
                nonPartial ?? "");
            SyntaxNode? attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            LocationInfo? location = LocationInfo.From(attributeSyntax?.GetLocation() ?? context.TargetNode.GetLocation());
            string sourceDirectory = Path.GetDirectoryName(context.TargetNode.SyntaxTree.FilePath) ?? "";
            return new ModelTarget(target, new ModelArguments(path, threshold, combination, labels), sourceDirectory, location);
        }

        // A static class cannot hold the instance members the generator adds, so it counts as "not partial" too.
        private static bool IsPartialClass(INamedTypeSymbol type) => !type.IsStatic && IsPartial(type);

        private static bool IsPartial(INamedTypeSymbol type) =>
            type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

        private static string Keyword(INamedTypeSymbol type) => type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };

        private static string TypeParameters(INamedTypeSymbol type) =>
            type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">";
    }
}
