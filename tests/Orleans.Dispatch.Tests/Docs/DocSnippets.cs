using System.Text.RegularExpressions;

namespace Orleans.Dispatch.Tests.Docs;

/// <summary>The C# snippets of the README and of every page under docs/.</summary>
internal static partial class DocSnippets
{
    public static IReadOnlyList<DocSnippet> All(string root)
    {
        var pages = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        return [.. pages.SelectMany(page => In(Path.GetRelativePath(root, page).Replace('\\', '/'), File.ReadAllText(page)))];
    }

    public static IEnumerable<DocSnippet> In(string file, string markdown)
    {
        markdown = markdown.ReplaceLineEndings("\n");
        foreach (Match block in CSharpBlock().Matches(markdown))
        {
            var code = block.Groups["code"];
            var line = markdown.AsSpan(0, code.Index).Count('\n') + 1;
            yield return new DocSnippet(file, line, code.Value);
        }
    }

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
