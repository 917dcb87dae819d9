using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Dispatch.Tests.Docs;

/// <summary>The relative links of the repository's Markdown pages, and the anchors their headings make (as GitHub makes them).</summary>
internal static partial class DocLinks
{
    /// <summary>Every page a reader meets: the README, the changelog, docs/ and samples/.</summary>
    public static IEnumerable<string> Pages(string root) =>
        new[] { "README.md", "CHANGELOG.md", "samples/README.md" }.Select(p => Path.Combine(root, p))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);

    /// <summary>The broken relative links of <paramref name="page"/>: a target that does not exist, or an anchor no heading of it makes.</summary>
    public static IEnumerable<string> Broken(string root, string page)
    {
        var text = WithoutCode(File.ReadAllText(page));
        foreach (Match link in Link().Matches(text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var file = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, path));
            var where = $"{Path.GetRelativePath(root, page)}: ({target})";
            if (!File.Exists(file) && !Directory.Exists(file))
            {
                yield return $"{where}: no such file";
            }
            else if (anchor is not null && file.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(file)).Contains(anchor))
            {
                yield return $"{where}: no heading makes the anchor #{anchor}";
            }
        }
    }

    /// <summary>The anchors of a page's headings: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens, repeats numbered.</summary>
    public static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(WithoutCode(markdown)))
        {
            var slug = new StringBuilder();
            foreach (var c in heading.Groups["text"].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            var anchor = slug.ToString();
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string WithoutCode(string markdown) => Fence().Replace(markdown.ReplaceLineEndings("\n"), "");

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
