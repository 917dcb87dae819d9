namespace Orleans.Dispatch.Routing.Supervision;

/// <summary>The result of running a routing function once: a decision, or how it failed.</summary>
internal readonly record struct RoutingEvaluation(RoutingDecision Decision, RoutingEvaluationFailure? Failure, string? Detail)
{
    public static RoutingEvaluation Decided(RoutingDecision decision) => new(decision, null, null);

    public static RoutingEvaluation Failed(RoutingEvaluationFailure failure, string detail) => new(default, failure, detail);
}
