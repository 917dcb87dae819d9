using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Docs;

/// <summary>Every C# snippet of the README and docs/ compiles against the packages as they are, so a renamed option fails here first.</summary>
[Trait("Category", "Unit")]
public sealed class DocSnippetTests
{
    [Fact]
    public void Every_csharp_snippet_of_the_readme_and_the_docs_compiles()
    {
        var snippets = DocSnippets.All(RepoPaths.Root);

        Assert.True(snippets.Count >= 15, $"only {snippets.Count} snippets found: is the ```csharp fence still how the docs mark code?");
        Assert.Contains(snippets, s => s.File == "README.md");
        var errors = SnippetCompilation.Errors(snippets);
        Assert.True(errors.Count == 0, "Doc snippets that do not compile:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void A_snippet_calling_what_does_not_exist_fails_at_its_own_page_and_line()
    {
        const string page = """
            Some prose.

            ```csharp
            var message = new RoutingMessage("order-1");
            await dispatcher.DispatchNowAsync("orders", message);
            ```
            """;

        var errors = SnippetCompilation.Errors(DocSnippets.In("docs/page.md", page));

        var error = Assert.Single(errors);
        Assert.StartsWith("docs/page.md:5: CS1061", error, StringComparison.Ordinal);
        Assert.Contains("DispatchNowAsync", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_declared_on_one_page_is_usable_on_another()
    {
        var declared = DocSnippets.In("docs/a.md", "```csharp\npublic sealed record Shipment(string Id);\n```\n");
        var used = DocSnippets.In("README.md", "```csharp\nvar shipment = new Shipment(\"s-1\");\nConsole.WriteLine(shipment.Id);\n```\n");

        Assert.Empty(SnippetCompilation.Errors(declared.Concat(used)));
    }
}
