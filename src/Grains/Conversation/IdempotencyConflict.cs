namespace Orleans.Dispatch.Conversation;

/// <summary>The error for a message id reused with different content.</summary>
internal static class IdempotencyConflict
{
    /// <summary>
    /// Creates the <see cref="ArgumentException"/> for <paramref name="message"/>, whose id the group
    /// holds for a different message: one in progress, or one that ended within the idempotency window.
    /// </summary>
    public static ArgumentException Create(RoutingMessage message, string group) => new(
        $"Message id '{message.Id}' is being or was recently (within the idempotency window) dispatched to group '{group}' " +
        "with different fields or payload: a different message needs a new id.",
        nameof(message));
}
