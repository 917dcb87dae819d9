namespace Orleans.Dispatch.Group.Calls;

/// <summary>Another dispatch of the message id is in progress: wait for its outcome, then ask again.</summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.InProgress")]
internal sealed record InProgress : RouteAnswer
{
    public static InProgress Instance { get; } = new();
}
