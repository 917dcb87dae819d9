namespace Orleans.Dispatch;

/// <summary>
/// Dispatches messages with retries on transport failures, for callers that must not lose a
/// dispatch to a silo crash. Registered by <c>AddDispatchClient</c>.
/// </summary>
public interface IDispatchClient
{
    /// <summary>
    /// Dispatches <paramref name="message"/> through <paramref name="group"/>. A call that fails in
    /// transport (rejected, its gateway or silo lost, no answer within
    /// <see cref="DispatchClientOptions.CallTimeout"/>) or with
    /// <see cref="DispatchConversationException"/> (delivery unknown) is sent again with the same
    /// message id until <see cref="DispatchClientOptions.Deadline"/>; dispatch is idempotent by
    /// message id, so a repeat joins the dispatch in progress or returns its recorded outcome.
    /// </summary>
    /// <returns>The outcome: which consumer the message was delivered to, and the crashes on the way.</returns>
    /// <exception cref="DispatchException">The dispatch failed; thrown as the silo threw it. <see cref="DispatchConversationException"/> when no call settled the message before the deadline (delivery unknown).</exception>
    /// <exception cref="ArgumentException">The group name or message is invalid, or the message id was used for a different message.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<DispatchOutcome> DispatchAsync(string group, RoutingMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Joins <paramref name="group"/> as a consumer (a worker process) and hands each message routed
    /// to it to <paramref name="handler"/>, until <paramref name="cancellationToken"/> is cancelled;
    /// then leaves and drains (no new messages; those in hand end first) and returns.
    /// </summary>
    /// <param name="group">The group to consume from.</param>
    /// <param name="handler">Processes a message; returning acknowledges it, throwing is a crash (the message is rerouted).</param>
    /// <param name="options">How the worker joins; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the worker gracefully.</param>
    /// <exception cref="ArgumentException">The group name or an option is invalid.</exception>
    Task ConsumeAsync(string group, Func<RoutingMessage, CancellationToken, Task> handler, DispatchWorkerOptions? options = null, CancellationToken cancellationToken = default);
}
