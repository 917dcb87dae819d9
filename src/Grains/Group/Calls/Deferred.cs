namespace Orleans.Dispatch.Group.Calls;

/// <summary>
/// The group did not take this routing call: the batch it came in had used up its turn's budget
/// (slow routing decisions before it), so the call was left as if never sent. The silo sends it
/// again in its next batch; it never reaches the dispatch.
/// </summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Deferred")]
internal sealed record Deferred : RouteAnswer
{
    public static Deferred Instance { get; } = new();
}
