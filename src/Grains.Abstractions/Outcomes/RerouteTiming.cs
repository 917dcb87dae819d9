namespace Orleans.Dispatch;

/// <summary>
/// One consumer crash during a dispatch: which consumer, what failed, when the failed attempt's
/// result reached the conversation, and when the next attempt was sent (or the dispatch failed).
/// </summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.RerouteTiming")]
public sealed class RerouteTiming
{
    /// <summary>Creates a reroute timing.</summary>
    public RerouteTiming(ConsumerId consumer, string failure, DateTimeOffset crashObservedAt, DateTimeOffset rerouteStartedAt, TimeSpan detectionToReroute)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(failure);
        Consumer = consumer;
        Failure = failure;
        CrashObservedAt = crashObservedAt;
        RerouteStartedAt = rerouteStartedAt;
        DetectionToReroute = detectionToReroute;
    }

    /// <summary>Gets the consumer that crashed.</summary>
    [Id(0)]
    public ConsumerId Consumer { get; }

    /// <summary>Gets the failure as text: the exception type and message, or the timeout.</summary>
    [Id(1)]
    public string Failure { get; }

    /// <summary>Gets when the failed attempt's result (its exception or its timeout) reached the conversation.</summary>
    [Id(2)]
    public DateTimeOffset CrashObservedAt { get; }

    /// <summary>Gets when the next attempt was sent to the next consumer, or when the dispatch failed if there was none.</summary>
    [Id(3)]
    public DateTimeOffset RerouteStartedAt { get; }

    /// <summary>Gets the span from <see cref="CrashObservedAt"/> to <see cref="RerouteStartedAt"/>, measured with a high-resolution clock.</summary>
    [Id(4)]
    public TimeSpan DetectionToReroute { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Consumer}: {Failure} (rerouted after {DetectionToReroute.TotalMilliseconds:0.###} ms)";
}
