namespace Orleans.Dispatch;

/// <summary>
/// How a group's dispatches ended over a span of time, as the group saw them end: one second of
/// <see cref="GroupActivity.Seconds"/>, or <see cref="GroupActivity.Recent"/>.
/// </summary>
/// <param name="From">When the span starts (UTC, whole seconds).</param>
/// <param name="Span">How long it is.</param>
/// <param name="Delivered">Dispatches delivered.</param>
/// <param name="Rerouted">Crashes rerouted around, in the dispatches that ended (delivered or not).</param>
/// <param name="Failures">Dispatches that failed, by kind: the exception's type name (<c>NoConsumerAvailableException</c>, <c>DispatchExhaustedException</c>, <c>GroupOverloadedException</c> and so on).</param>
/// <param name="LatencyP50">The median time from a dispatch's first routing call to the group hearing that it ended; null when none ended. Approximate: within 12%.</param>
/// <param name="LatencyP99">The 99th percentile of the same; null when none ended.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.ActivityFigures")]
public sealed record ActivityFigures(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] TimeSpan Span,
    [property: Id(2)] int Delivered,
    [property: Id(3)] int Rerouted,
    [property: Id(4)] IReadOnlyDictionary<string, int> Failures,
    [property: Id(5)] TimeSpan? LatencyP50,
    [property: Id(6)] TimeSpan? LatencyP99)
{
    /// <summary>Dispatches that failed, of every kind.</summary>
    public int Failed => Failures.Values.Sum();
}
