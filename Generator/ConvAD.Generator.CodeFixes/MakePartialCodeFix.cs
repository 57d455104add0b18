using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvAD.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvAD.Generator.CodeFixes
{
    /// <summary>
    /// Fixes CVAD005 by adding <c>partial</c> to the [ConvAdModel] class and to every class it is nested in that lacks
    /// it. A static class is not fixed by this: removing <c>static</c> changes what the class is, which is the user's call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
    public sealed class MakePartialCodeFix : CodeFixProvider
    {
        private const string Title = "Make the model class partial";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ClassNotPartial);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // The diagnostic is on the class's name.
                TypeDeclarationSyntax? declaration = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                if (declaration != null && MissingPartial(declaration).Any())
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(Title, cancellationToken => AddPartialAsync(context.Document, declaration, cancellationToken), equivalenceKey: Title),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> AddPartialAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SyntaxNode fixedRoot = root.ReplaceNodes(MissingPartial(declaration), (original, rewritten) => AddPartial(rewritten));
            return document.WithSyntaxRoot(fixedRoot);
        }

        /// <summary>The class and the types around it, in this file, that are not declared partial.</summary>
        private static System.Collections.Generic.IEnumerable<TypeDeclarationSyntax> MissingPartial(TypeDeclarationSyntax declaration) =>
            declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
                .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword));

        // 'partial' goes last among the modifiers, as C# requires (before 'class', after 'public sealed' and the like);
        // with no modifiers it takes the keyword's leading trivia, so comments and indentation stay where they were.
        private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
        {
            if (declaration.Modifiers.Count == 0)
            {
                SyntaxToken keyword = declaration.Keyword;
                SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                return declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
            }

            return declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }
    }
}
