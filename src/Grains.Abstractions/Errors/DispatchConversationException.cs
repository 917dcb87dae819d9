namespace Orleans.Dispatch;

/// <summary>
/// The dispatch machinery itself failed: the conversation or the group could not be reached or
/// driven. Whether the message reached a consumer is unknown; see <see cref="Exception.InnerException"/>.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.DispatchConversationException")]
public sealed class DispatchConversationException : DispatchException
{
    /// <summary>Creates an exception with no details (for serializers).</summary>
    public DispatchConversationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DispatchConversationException(string messageId, string group, string detail, IReadOnlyList<RerouteTiming>? crashes, Exception? innerException)
        : base(messageId, group, $"The dispatch conversation for message '{messageId}' in group '{group}' failed: {detail}", crashes, innerException)
    {
    }
}
