using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using ConvAD.Generator.Analysis;
using ConvAD.Generator.Model;
using Microsoft.CodeAnalysis;
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
            for (INamedTypeSymbol? outer = type.ContainingType; outer != null; outer = outer.ContainingType)
            {
                containing.Insert(0, new ContainingType(Keyword(outer), outer.Name + TypeParameters(outer)));
            }

            INamedTypeSymbol? nonPartial = PartialRule.FindNonPartial(type);
            var target = new TargetType(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                Keyword(type),
                type.Name,
                TypeParameters(type),
                containing.ToEquatableArray(),
                nonPartial == null,
                nonPartial?.ToDisplayString() ?? "");

            // Every [ConvAdModel] of the class, in all its declarations: the compiler keeps them all (CS0579 aside), and each
            // declaration is a target of its own, so each reports CVAD016 only for its own attributes after the class's first.
            ImmutableArray<AttributeData> all = type.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == ConvAdGenerator.AttributeMetadataName)
                .ToImmutableArray();
            EquatableArray<LocationInfo> extra = context.Attributes
                .Where(a => all.Length > 1 && !SameSyntax(a, all[0]))
                .Select(a => LocationInfo.From(a.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()))
                .OfType<LocationInfo>()
                .ToEquatableArray();

            string sourceDirectory = Path.GetDirectoryName(context.TargetNode.SyntaxTree.FilePath) ?? "";
            return new ModelTarget(
                target,
                new ModelArguments(path, threshold, combination, labels),
                sourceDirectory,
                ReadLocations(context, attribute, cancellationToken),
                Math.Max(all.Length, context.Attributes.Length),
                extra);
        }

        private static bool SameSyntax(AttributeData a, AttributeData b) =>
            a.ApplicationSyntaxReference is SyntaxReference x && b.ApplicationSyntaxReference is SyntaxReference y
                ? x.SyntaxTree == y.SyntaxTree && x.Span == y.Span
                : ReferenceEquals(a, b);

        private static TargetLocations ReadLocations(GeneratorAttributeSyntaxContext context, AttributeData attribute, CancellationToken cancellationToken)
        {
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            LocationInfo? attributeLocation = LocationInfo.From(syntax?.GetLocation() ?? context.TargetNode.GetLocation());
            LocationInfo? classLocation = context.TargetNode is BaseTypeDeclarationSyntax declaration
                ? LocationInfo.From(declaration.Identifier.GetLocation())
                : attributeLocation;
            SeparatedSyntaxList<AttributeArgumentSyntax> arguments = syntax?.ArgumentList?.Arguments ?? default;
            LocationInfo? Named(string name) =>
                LocationInfo.From(arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression.GetLocation()) ?? attributeLocation;
            LocationInfo? positional = LocationInfo.From(arguments.FirstOrDefault(a => a.NameEquals == null && a.NameColon == null)?.Expression.GetLocation()
                ?? arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "path")?.Expression.GetLocation());
            return new TargetLocations(attributeLocation, classLocation, positional ?? attributeLocation, Named("Threshold"), Named("Combination"), Named("Labels"));
        }

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
