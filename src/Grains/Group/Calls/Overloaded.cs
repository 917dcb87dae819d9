namespace Orleans.Dispatch.Group.Calls;

/// <summary>The group's line is full: the dispatch is refused (flow control; nothing recorded, the message id free again).</summary>
/// <param name="Waiting">How many dispatches wait at the group.</param>
/// <param name="Limit">How many may (<see cref="DispatchOptions.MaxWaitingPerGroup"/>).</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Overloaded")]
internal sealed record Overloaded([property: Id(0)] int Waiting, [property: Id(1)] int Limit) : RouteAnswer;
