using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Docs;

/// <summary>Every relative link of the README, the changelog, docs/ and samples/ reaches a file, and every anchor a heading.</summary>
[Trait("Category", "Unit")]
public sealed class DocLinkTests
{
    [Fact]
    public void Every_relative_link_and_anchor_of_the_docs_resolves()
    {
        var pages = DocLinks.Pages(RepoPaths.Root).ToList();

        Assert.True(pages.Count >= 20, $"only {pages.Count} pages found");
        var broken = pages.SelectMany(page => DocLinks.Broken(RepoPaths.Root, page)).ToList();
        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Anchors_are_made_as_GitHub_makes_them()
    {
        var anchors = DocLinks.Anchors("# Ids and messages\n## What `AddDispatch` does, step 1\n## Repeat\n## Repeat\n```\n# not a heading\n```\n");

        Assert.Equal(["ids-and-messages", "repeat", "repeat-1", "what-adddispatch-does-step-1"], anchors.Order(StringComparer.Ordinal));
    }
}
