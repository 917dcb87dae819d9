namespace Orleans.Dispatch.Group.Calls;

/// <summary>The routing function threw, overran the routing timeout, is quarantined, or is not registered.</summary>
/// <param name="Function">The routing function.</param>
/// <param name="Failure">How it failed.</param>
/// <param name="Detail">What happened, for the dispatch's failure.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.EvaluationFailed")]
internal sealed record EvaluationFailed([property: Id(0)] string Function, [property: Id(1)] RoutingEvaluationFailure Failure, [property: Id(2)] string Detail) : RouteAnswer;
