namespace Orleans.Dispatch;

/// <summary>
/// The base of every failure a dispatch reports. It carries the message id, the group and the
/// chain of consumer crashes seen before the failure (empty when there were none).
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.DispatchException")]
public abstract class DispatchException : Exception
{
    [Id(0)]
    private readonly string messageId = string.Empty;

    [Id(1)]
    private readonly string group = string.Empty;

    [Id(2)]
    private readonly RerouteTiming[] crashes = [];

    /// <summary>Creates an exception with no details (for serializers).</summary>
    protected DispatchException()
    {
    }

    /// <summary>Creates an exception for a failed dispatch.</summary>
    /// <param name="messageId">The message's id.</param>
    /// <param name="group">The group's name.</param>
    /// <param name="message">What went wrong, without the crash chain (it is appended).</param>
    /// <param name="crashes">The crashes seen before the failure, in order.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected DispatchException(string messageId, string group, string message, IReadOnlyList<RerouteTiming>? crashes, Exception? innerException = null)
        : base(Describe(message, crashes), innerException)
    {
        this.messageId = messageId ?? string.Empty;
        this.group = group ?? string.Empty;
        this.crashes = crashes is null ? [] : [.. crashes];
    }

    /// <summary>Gets the id of the message that was not delivered.</summary>
    public string MessageId => messageId;

    /// <summary>Gets the name of the consumer group.</summary>
    public string Group => group;

    /// <summary>Gets the consumer crashes seen before the failure, in order.</summary>
    public IReadOnlyList<RerouteTiming> Crashes => crashes;

    /// <summary>Gets the consumers that crashed, in order.</summary>
    public IReadOnlyList<ConsumerId> ReroutedFrom => crashes.Select(c => c.Consumer).ToArray();

    /// <summary>
    /// A copy of this failure to throw again (a repeat of the message id replays it): an exception
    /// object must be thrown by one caller at a time, and repeats may replay concurrently.
    /// </summary>
    internal DispatchException CopyForReplay() => (DispatchException)MemberwiseClone();

    private static string Describe(string message, IReadOnlyList<RerouteTiming>? crashes) =>
        crashes is null || crashes.Count == 0
            ? message
            : $"{message} Crashes before this, in order: {string.Join("; ", crashes.Select(c => $"{c.Consumer}: {c.Failure}"))}.";
}
