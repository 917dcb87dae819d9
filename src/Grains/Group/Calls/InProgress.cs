namespace Orleans.Dispatch.Group.Calls;

/// <summary>Another dispatch of the message id is in progress: wait for its outcome, then ask again.</summary>
/// <param name="Epoch">The group activation that says so (a number of its own): a repeat that asks a later activation says which one it waited on.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.InProgress")]
internal sealed record InProgress([property: Id(0)] long Epoch) : RouteAnswer;
