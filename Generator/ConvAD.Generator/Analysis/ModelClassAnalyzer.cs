using System.Collections.Immutable;
using System.Linq;
using ConvAD.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConvAD.Generator.Analysis
{
    /// <summary>
    /// Reports CVAD005, a [ConvAdModel] class (or a class it is nested in) that is not partial, at the class's name.
    /// An analyzer rather than the generator reports it so that the code fix adding 'partial' (ConvAD.Generator.CodeFixes)
    /// works on it everywhere an analyzer diagnostic does; the generator then generates nothing for that class and
    /// reports nothing, so a build shows CVAD005 once. Records are left to the generator's CVAD015.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelClassAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ClassNotPartial);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? attribute = start.Compilation.GetTypeByMetadataName(ConvAdGenerator.AttributeMetadataName);
                if (attribute != null)
                {
                    start.RegisterSymbolAction(symbol => Analyze(symbol, attribute), SymbolKind.NamedType);
                }
            });
        }

        private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attribute)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind != TypeKind.Class || type.IsRecord)
            {
                return;
            }

            AttributeData? model = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
            INamedTypeSymbol? nonPartial = model == null ? null : PartialRule.FindNonPartial(type);
            if (nonPartial == null)
            {
                return;
            }

            // At the name of the declaration that carries the attribute (a class that is not partial has only that one).
            TypeDeclarationSyntax? declaration = model!.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>();
            Location location = declaration?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault() ?? Location.None;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClassNotPartial, location, nonPartial.ToDisplayString()));
        }
    }
}
