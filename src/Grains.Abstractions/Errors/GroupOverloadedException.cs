namespace Orleans.Dispatch;

/// <summary>
/// The group's waiting line is full: <see cref="Waiting"/> dispatches already wait for a consumer
/// with room, the most <c>DispatchOptions.MaxWaitingPerGroup</c> allows. Flow control, not an
/// undeliverable message: it is not kept as a dead letter nor remembered for repeats, and the
/// retrying client sends the message again after a backoff.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.GroupOverloadedException")]
public sealed class GroupOverloadedException : DispatchException
{
    /// <summary>Creates an exception with no details (for serializers).</summary>
    public GroupOverloadedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public GroupOverloadedException(string messageId, string group, int waiting, int limit, IReadOnlyList<RerouteTiming>? crashes)
        : base(messageId, group, $"Group '{group}' is overloaded: {waiting} dispatch(es) already wait for a consumer with room, the most MaxWaitingPerGroup ({limit}) allows; message '{messageId}' was not dispatched: send it again later.", crashes)
    {
        Waiting = waiting;
        Limit = limit;
    }

    /// <summary>Gets how many dispatches were waiting.</summary>
    [Id(0)]
    public int Waiting { get; private set; }

    /// <summary>Gets the limit on waiting dispatches (<c>DispatchOptions.MaxWaitingPerGroup</c>).</summary>
    [Id(1)]
    public int Limit { get; private set; }
}
