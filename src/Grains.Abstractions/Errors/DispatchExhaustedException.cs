namespace Orleans.Dispatch;

/// <summary>
/// The dispatch gave up before delivery: it reached <c>MaxAttempts</c> or its
/// <c>DispatchTimeout</c>. <see cref="DispatchException.Crashes"/> holds the crashes seen.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.DispatchExhaustedException")]
public sealed class DispatchExhaustedException : DispatchException
{
    /// <summary>Creates an exception with no details (for serializers).</summary>
    public DispatchExhaustedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DispatchExhaustedException(string messageId, string group, DispatchLimit limit, string detail, IReadOnlyList<RerouteTiming>? crashes)
        : base(messageId, group, $"Dispatch of message '{messageId}' in group '{group}' gave up ({limit}): {detail}.", crashes)
    {
        Limit = limit;
    }

    /// <summary>Gets the limit that was reached.</summary>
    [Id(0)]
    public DispatchLimit Limit { get; private set; }
}
