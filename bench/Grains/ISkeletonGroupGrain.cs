using Orleans.Concurrency;

namespace Orleans.Dispatch.Bench.Grains;

/// <summary>The floor of a dispatch's shape: a group that answers a routing call with the next consumer, and takes a one-way completion.</summary>
[Alias("Orleans.Dispatch.Bench.ISkeletonGroupGrain")]
public interface ISkeletonGroupGrain : IGrainWithStringKey
{
    [Alias("Route")]
    Task<SkeletonGrant> Route(RoutingMessage message);

    [Alias("Complete"), OneWay]
    Task Complete(string messageId);
}
