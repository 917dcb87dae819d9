namespace Orleans.Dispatch.Bench.Grains;

/// <summary>The floor of a dispatch's shape: the entry a client calls, like the dispatch grain.</summary>
[Alias("Orleans.Dispatch.Bench.ISkeletonEntryGrain")]
public interface ISkeletonEntryGrain : IGrainWithStringKey
{
    [Alias("Dispatch")]
    Task<DispatchOutcome> Dispatch(RoutingMessage message);

    /// <summary>
    /// The same calls with the cancellation tokens a dispatch's carry: the client's call takes one
    /// (as <see cref="IDispatchGrain.Dispatch"/> does), and the consumer's call gets a token that can
    /// cancel (as a dispatch's attempt gets its run's). Orleans does more for a cancellable call.
    /// </summary>
    [Alias("DispatchCancellable")]
    Task<DispatchOutcome> DispatchCancellable(RoutingMessage message, CancellationToken cancellationToken = default);
}
