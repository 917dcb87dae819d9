namespace Orleans.Dispatch.Group.Calls;

/// <summary>The message id is in progress, or ended within the idempotency window, with other fields or payload.</summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Conflict")]
internal sealed record Conflict : RouteAnswer
{
    public static Conflict Instance { get; } = new();
}
