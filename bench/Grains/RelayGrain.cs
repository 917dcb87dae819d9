using Orleans.Concurrency;

namespace Orleans.Dispatch.Bench.Grains;

[Reentrant]
internal sealed class RelayGrain : Grain, IRelayGrain
{
    public Task Relay(string consumer, RoutingMessage message) =>
        GrainFactory.GetGrain<IBenchConsumerGrain>(consumer).Consume(message);
}
