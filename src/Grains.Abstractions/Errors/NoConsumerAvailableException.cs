namespace Orleans.Dispatch;

/// <summary>
/// No consumer could take the message: the group is empty, every consumer was excluded after
/// crashing, or the routing function selected nobody (for the capacity-aware built-ins: every
/// candidate was at capacity). <see cref="DispatchException.Crashes"/> holds the crashes seen before it.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.NoConsumerAvailableException")]
public sealed class NoConsumerAvailableException : DispatchException
{
    /// <summary>Creates an exception with no details (for serializers).</summary>
    public NoConsumerAvailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NoConsumerAvailableException(string messageId, string group, string reason, IReadOnlyList<RerouteTiming>? crashes)
        : base(messageId, group, $"No consumer available for message '{messageId}' in group '{group}': {reason}.", crashes)
    {
        Reason = reason;
    }

    /// <summary>Gets why no consumer was available.</summary>
    [Id(0)]
    public string Reason { get; private set; } = string.Empty;
}
