using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Docs;

/// <summary>
/// Compiles snippets together, as one project would: a snippet of type declarations is a file of
/// its own (so the README may use a type another page declares), a snippet of statements is the
/// body of an async method of a class deriving <c>SnippetAmbient</c> (both with the prelude in
/// <c>docs/snippets/Prelude.cs</c>). Errors carry the page and
/// line they are on (<c>#line</c>).
/// </summary>
internal static class SnippetCompilation
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>The prelude every snippet is compiled with, kept beside the docs so a reader sees what a snippet assumes.</summary>
    public const string PreludePath = "docs/snippets/Prelude.cs";

    public static IReadOnlyList<string> Errors(IEnumerable<DocSnippet> snippets)
    {
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(RepoPaths.Root, PreludePath)), Parse, PreludePath),
        };
        trees.AddRange(snippets.Select((snippet, index) => CSharpSyntaxTree.ParseText(Wrap(snippet, index), Parse, $"snippet{index}.cs")));
        var compilation = CSharpCompilation.Create(
            "DocSnippets",
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Location.GetMappedLineSpan().Path}:{d.Location.GetMappedLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(CultureInfo.InvariantCulture)}")];
    }

    private static string Wrap(DocSnippet snippet, int index)
    {
        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(snippet.Code, Parse).GetRoot();
        var usings = unit.Usings.Count == 0 ? "" : snippet.Code[..unit.Usings.FullSpan.End];
        var bodyStart = unit.Usings.Count == 0 ? 0 : unit.Usings.FullSpan.End;
        var bodyLine = snippet.Line + snippet.Code.AsSpan(0, bodyStart).Count('\n');
        var body = snippet.Code[bodyStart..];
        var statements = unit.Members.OfType<GlobalStatementSyntax>().Any();
        if (statements && unit.Members.Any(m => m is not GlobalStatementSyntax))
        {
            throw new InvalidOperationException($"{snippet}: a snippet mixes statements and type declarations; split it in two blocks.");
        }

        var text = new StringBuilder(usings).AppendLine().AppendLine("namespace DocSnippets;");
        if (statements)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"internal sealed class Snippet{index} : SnippetAmbient").AppendLine("{")
                .AppendLine("private async Task Run()").AppendLine("{");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"#line {bodyLine} \"{snippet.File}\"").AppendLine(body).AppendLine("#line default");
        if (statements)
        {
            text.AppendLine("await Task.CompletedTask;").AppendLine("}").AppendLine("}");
        }

        return text.ToString();
    }

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path))]);
}
