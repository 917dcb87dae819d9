namespace Orleans.Dispatch.Silo.View;

/// <summary>One group on the groups page: its figures now and over the last five minutes.</summary>
/// <param name="Name">The group.</param>
/// <param name="RoutingFunction">The routing function in force.</param>
/// <param name="Consumers">Registered consumers.</param>
/// <param name="InFlight">Attempts in flight, over all consumers.</param>
/// <param name="Capacity">The sum of the consumers' <c>MaxInFlight</c>.</param>
/// <param name="Waiting">Dispatches waiting for room.</param>
/// <param name="OldestWaitingMs">How long the oldest waiting dispatch has waited.</param>
/// <param name="DeliveredPerSecond">Delivered per second over the last ten seconds.</param>
/// <param name="ReroutedPerSecond">Crashes rerouted around per second over the last ten seconds.</param>
/// <param name="FailedPerSecond">Failed per second over the last ten seconds.</param>
/// <param name="LatencyP50Ms">The median latency over the last ten seconds, or null.</param>
/// <param name="LatencyP99Ms">The 99th percentile over the last ten seconds, or null.</param>
/// <param name="Failures">Failures by kind over the last five minutes.</param>
/// <param name="DeadLetters">Dead letters kept.</param>
/// <param name="OrderingKey">The ordering field, or null.</param>
/// <param name="Problem">Why the group could not be read, or null.</param>
internal sealed record GroupRow(
    string Name,
    string? RoutingFunction,
    int Consumers,
    int InFlight,
    int Capacity,
    int Waiting,
    double OldestWaitingMs,
    double DeliveredPerSecond,
    double ReroutedPerSecond,
    double FailedPerSecond,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    IReadOnlyDictionary<string, int> Failures,
    int DeadLetters,
    string? OrderingKey,
    string? Problem);
