namespace Orleans.Dispatch.Group.Calls;

/// <summary>The group does not know the dispatch as waiting (it re-activated, the claim ended): send the routing call again.</summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.RouteAgain")]
internal sealed record RouteAgain : RouteAnswer
{
    public static RouteAgain Instance { get; } = new();
}
