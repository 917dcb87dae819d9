namespace Orleans.Dispatch;

/// <summary>
/// A delivered message: who acknowledged it, who crashed before that (in order), and the timing
/// of each reroute.
/// </summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.DispatchOutcome")]
public sealed class DispatchOutcome
{
    /// <summary>Creates an outcome.</summary>
    public DispatchOutcome(string messageId, ConsumerId deliveredTo, string routingFunction, IReadOnlyList<RerouteTiming> crashes)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(deliveredTo);
        ArgumentNullException.ThrowIfNull(routingFunction);
        ArgumentNullException.ThrowIfNull(crashes);
        MessageId = messageId;
        DeliveredTo = deliveredTo;
        RoutingFunction = routingFunction;
        Crashes = crashes;
    }

    /// <summary>Gets the id of the message.</summary>
    [Id(0)]
    public string MessageId { get; }

    /// <summary>Gets the consumer whose <see cref="IConsumerGrain.Consume"/> returned: the acknowledgement.</summary>
    [Id(1)]
    public ConsumerId DeliveredTo { get; }

    /// <summary>Gets the name of the routing function that made every decision of this dispatch.</summary>
    [Id(2)]
    public string RoutingFunction { get; }

    /// <summary>Gets one timing per crash, in the order the crashes happened.</summary>
    [Id(3)]
    public IReadOnlyList<RerouteTiming> Crashes { get; }

    /// <summary>Gets the consumers that crashed before delivery, in order (the consumers of <see cref="Crashes"/>).</summary>
    public IReadOnlyList<ConsumerId> ReroutedFrom => Crashes.Select(t => t.Consumer).ToArray();

    /// <summary>
    /// Gets whether this outcome is the record of an earlier dispatch of the same message id:
    /// nothing was delivered this time (see <c>RoutingMessage.WithNewId</c> to build many messages from one template).
    /// </summary>
    [Id(4)]
    public bool Replayed { get; init; }

    /// <summary>Gets how long the dispatch waited in its group's waiting line for a consumer with room (zero when it never waited).</summary>
    [Id(5)]
    public TimeSpan WaitedFor { get; init; }

    /// <summary>Gets the message's position among its key's messages as the group admitted them (from 1), or null when the message was unordered.</summary>
    [Id(6)]
    public long? KeySequence { get; init; }

    /// <summary>Gets whether the first consumer selected acknowledged the message.</summary>
    public bool DeliveredFirstTry => Crashes.Count == 0;

    /// <summary>This outcome as the answer to a repeat of its message id.</summary>
    internal DispatchOutcome AsReplay() => new(MessageId, DeliveredTo, RoutingFunction, Crashes) { Replayed = true, WaitedFor = WaitedFor, KeySequence = KeySequence };

    /// <inheritdoc />
    public override string ToString() =>
        DeliveredFirstTry
            ? $"{MessageId} delivered to {DeliveredTo}"
            : $"{MessageId} delivered to {DeliveredTo} after rerouting from {string.Join(", ", ReroutedFrom)}";
}
