namespace Orleans.Dispatch;

/// <summary>
/// A grain that consumes dispatched messages. Any grain class, with any key type, that
/// implements this interface can be registered in a consumer group.
/// </summary>
[Alias("Orleans.Dispatch.IConsumerGrain")]
public interface IConsumerGrain : IGrain
{
    /// <summary>
    /// Processes <paramref name="message"/>. Returning is the acknowledgement: the message is
    /// delivered. Throwing, failing activation, or not returning within
    /// <c>DispatchOptions.AttemptTimeout</c> is a crash, and the message is rerouted.
    /// </summary>
    /// <param name="message">The message, with its payload.</param>
    /// <param name="cancellationToken">Cancelled when the attempt times out or the dispatch is cancelled.</param>
    [Alias("Consume")]
    Task Consume(RoutingMessage message, CancellationToken cancellationToken = default);
}
