namespace Orleans.Dispatch.Tests.Docs;

/// <summary>One <c>```csharp</c> block of a Markdown page: its page, the line its code starts on, and the code.</summary>
internal sealed record DocSnippet(string File, int Line, string Code)
{
    public override string ToString() => $"{File}:{Line}";
}
