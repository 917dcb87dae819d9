namespace Orleans.Dispatch.Bench.Grains;

/// <summary>The floor of a dispatch's shape: the entry a client calls, like the dispatch grain.</summary>
[Alias("Orleans.Dispatch.Bench.ISkeletonEntryGrain")]
public interface ISkeletonEntryGrain : IGrainWithStringKey
{
    [Alias("Dispatch")]
    Task<DispatchOutcome> Dispatch(RoutingMessage message);
}
