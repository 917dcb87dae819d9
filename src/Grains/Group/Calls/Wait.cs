namespace Orleans.Dispatch.Group.Calls;

/// <summary>The dispatch waits in the group's line (for a consumer with room, or for its key's turn): ask for the grant.</summary>
/// <param name="Function">The routing function that will decide for it.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Wait")]
internal sealed record Wait([property: Id(0)] string Function) : RouteAnswer;
