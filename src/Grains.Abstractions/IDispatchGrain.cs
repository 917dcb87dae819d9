namespace Orleans.Dispatch;

/// <summary>
/// The entry point clients call: dispatches a message to one consumer of the group named by
/// this grain's key.
/// </summary>
[Alias("Orleans.Dispatch.IDispatchGrain")]
public interface IDispatchGrain : IGrainWithStringKey
{
    /// <summary>
    /// Dispatches <paramref name="message"/>: the group's routing function selects a consumer,
    /// the message is delivered, and on a crash it is rerouted with that consumer excluded,
    /// until a consumer acknowledges it or none is left.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the attempt in flight; the call then ends with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Who acknowledged the message and who crashed before.</returns>
    /// <exception cref="NoConsumerAvailableException">No consumer could take the message.</exception>
    /// <exception cref="UnknownConsumerSelectedException">The routing function selected an id outside the remaining consumers.</exception>
    /// <exception cref="RoutingEvaluationException">The routing function threw, timed out or is not registered.</exception>
    /// <exception cref="DispatchExhaustedException"><c>MaxAttempts</c> or <c>DispatchTimeout</c> was reached.</exception>
    /// <exception cref="DispatchConversationException">The dispatch machinery failed.</exception>
    /// <exception cref="ArgumentException">The message or the group name is invalid.</exception>
    [Alias("Dispatch")]
    Task<DispatchOutcome> Dispatch(RoutingMessage message, CancellationToken cancellationToken = default);
}
