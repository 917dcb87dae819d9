namespace Orleans.Dispatch;

/// <summary>
/// No consumer could take the message: the group is empty, every consumer was excluded after
/// crashing, or the routing function selected nobody (for the capacity-aware built-ins: every
/// candidate was at capacity). <see cref="DispatchException.Crashes"/> holds the crashes seen before it.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.NoConsumerAvailableException")]
public sealed class NoConsumerAvailableException : DispatchException
{
    [Id(1)]
    private readonly ConsumerId[] outOfRotation = [];

    /// <summary>Creates an exception with no details (for serializers).</summary>
    public NoConsumerAvailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NoConsumerAvailableException(string messageId, string group, string reason, IReadOnlyList<RerouteTiming>? crashes)
        : this(messageId, group, reason, crashes, null)
    {
    }

    /// <summary>Creates the exception, naming the consumers that were out of rotation.</summary>
    /// <param name="messageId">The message's id.</param>
    /// <param name="group">The group's name.</param>
    /// <param name="reason">Why no consumer was available.</param>
    /// <param name="crashes">The crashes seen before the failure, in order.</param>
    /// <param name="outOfRotation">The consumers the group held but did not offer (ejected by consumer health, or cordoned).</param>
    public NoConsumerAvailableException(string messageId, string group, string reason, IReadOnlyList<RerouteTiming>? crashes, IReadOnlyList<ConsumerId>? outOfRotation)
        : base(messageId, group, $"No consumer available for message '{messageId}' in group '{group}': {reason}.", crashes)
    {
        Reason = reason;
        this.outOfRotation = outOfRotation is null ? [] : [.. outOfRotation];
    }

    /// <summary>Gets why no consumer was available.</summary>
    [Id(0)]
    public string Reason { get; private set; } = string.Empty;

    /// <summary>
    /// Gets the consumers the group held but did not offer to the message, because consumer health
    /// had ejected them or an operator had cordoned them (empty when that is not why the dispatch failed).
    /// With <see cref="DispatchException.ReroutedFrom"/> it accounts for every consumer of the group.
    /// </summary>
    public IReadOnlyList<ConsumerId> OutOfRotation => outOfRotation;
}
