namespace Orleans.Dispatch.Group.Calls;

/// <summary>The message id ended within the idempotency window: the repeat ends as that dispatch did.</summary>
/// <param name="Record">How it ended.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Recorded")]
internal sealed record Recorded([property: Id(0)] OutcomeRecord Record) : RouteAnswer;
