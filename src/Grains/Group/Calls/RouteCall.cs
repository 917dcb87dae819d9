namespace Orleans.Dispatch.Group.Calls;

/// <summary>A routing call in a batch; its answer is the group's <see cref="RouteAnswer"/>.</summary>
/// <param name="Request">The request, with its own call number: a batch sent again is answered as the first was.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.RouteCall")]
internal sealed record RouteCall([property: Id(0)] RouteRequest Request) : GroupCall;
