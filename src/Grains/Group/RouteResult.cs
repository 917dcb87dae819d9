namespace Orleans.Dispatch.Group;

/// <summary>The group's answer to a <see cref="RouteRequest"/>: a consumer with a lease on its capacity, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.RouteResult")]
internal sealed record RouteResult(
    [property: Id(0)] RouteStatus Status,
    [property: Id(1)] string RoutingFunction,
    [property: Id(2)] ConsumerId? Consumer,
    [property: Id(3)] IConsumerGrain? Target,
    [property: Id(4)] long Lease,
    [property: Id(5)] string? Detail,
    [property: Id(6)] RoutingEvaluationFailure EvaluationFailure,
    [property: Id(7)] OutcomeRecord? Record = null,
    [property: Id(8)] long? KeySequence = null)
{
    public static RouteResult Selected(string function, ConsumerEntry entry, long lease, long? keySequence = null) =>
        new(RouteStatus.Selected, function, entry.Id, entry.Consumer, lease, null, default, null, keySequence);

    public static RouteResult NoConsumer(string function, string reason) =>
        new(RouteStatus.NoConsumer, function, null, null, 0, reason, default);

    public static RouteResult Unknown(string function, ConsumerId selected) =>
        new(RouteStatus.UnknownConsumer, function, selected, null, 0, null, default);

    public static RouteResult Recorded(string function, OutcomeRecord record) =>
        new(RouteStatus.Recorded, function, null, null, 0, null, default, record);

    public static RouteResult InProgress(string function) =>
        new(RouteStatus.InProgress, function, null, null, 0, null, default);

    public static RouteResult Conflict(string function) =>
        new(RouteStatus.Conflict, function, null, null, 0, null, default);

    public static RouteResult Waiting(string function) =>
        new(RouteStatus.Waiting, function, null, null, 0, null, default);

    public static RouteResult NotWaiting(string function) =>
        new(RouteStatus.NotWaiting, function, null, null, 0, null, default);

    public static RouteResult Overloaded(string function, int waiting) =>
        new(RouteStatus.Overloaded, function, null, null, 0, waiting.ToString(System.Globalization.CultureInfo.InvariantCulture), default);

    public static RouteResult Failed(string function, RoutingEvaluationFailure failure, string detail) =>
        new(RouteStatus.EvaluationFailed, function, null, null, 0, detail, failure);
}
