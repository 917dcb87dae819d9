namespace Orleans.Dispatch.Conversation;

/// <summary>The error for a message id reused with different content.</summary>
internal static class IdempotencyConflict
{
    /// <summary>Creates the <see cref="ArgumentException"/> for <paramref name="message"/>, whose id is taken by a different message.</summary>
    public static ArgumentException Create(RoutingMessage message, string group, bool inProgress) => new(
        $"Message id '{message.Id}' {(inProgress ? "is being" : "was")} dispatched to group '{group}'{(inProgress ? string.Empty : " within the idempotency window")} " +
        "with different fields or payload: a different message needs a new id.",
        nameof(message));
}
