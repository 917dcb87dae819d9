namespace Orleans.Dispatch;

/// <summary>
/// What a worker process does with the messages its group routes to it. Returning is the
/// acknowledgement; throwing is a crash, and the message is rerouted, as for a consumer grain.
/// </summary>
public interface IDispatchHandler
{
    /// <summary>Processes <paramref name="message"/>.</summary>
    /// <param name="message">The message, with its payload.</param>
    /// <param name="cancellationToken">Cancelled when the attempt times out (<c>DispatchOptions.AttemptTimeout</c> on the silos) or the dispatch is cancelled.</param>
    Task HandleAsync(RoutingMessage message, CancellationToken cancellationToken);
}
