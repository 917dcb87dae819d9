using Orleans.Dispatch.Bench.Grains;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// The paths measured side by side, the same new message per call and the same 8 consumers:
/// direct (the consumer itself), relay (one grain in front of it), skeleton (a dispatch's calls
/// made by grains that do nothing else), skeleton-ct (the same with the cancellation tokens a
/// dispatch's calls carry) and dispatch.
/// </summary>
internal static class Targets
{
    public const int Consumers = 8;
    public const string Group = "bench";

    public static string ConsumerKey(long sequence) => $"c{sequence % Consumers}";

    public static async Task RegisterAsync(IGrainFactory grains, string name = Group)
    {
        var group = grains.GetGrain<IConsumerGroupGrain>(name);
        for (var i = 0; i < Consumers; i++)
        {
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId($"c{i}"), grains.GetGrain<IBenchConsumerGrain>($"c{i}")) { MaxInFlight = 1_000_000 });
        }
    }

    public static Func<long, Task> For(string name, IGrainFactory grains, string run)
    {
        var relay = grains.GetGrain<IRelayGrain>("relay");
        var dispatcher = grains.GetGrain<IDispatchGrain>(Group);
        var skeleton = grains.GetGrain<ISkeletonEntryGrain>(Group);
        var workers = grains.GetGrain<IDispatchGrain>(WorkerMode.Group);
        var grpcWorkers = grains.GetGrain<IDispatchGrain>(GrpcWorkerMode.Group);
        var consumers = Enumerable.Range(0, Consumers).Select(i => grains.GetGrain<IBenchConsumerGrain>($"c{i}")).ToArray();
        return name switch
        {
            "direct" => sequence => consumers[sequence % Consumers].Consume(new RoutingMessage($"{run}-{sequence}")),
            "relay" => sequence => relay.Relay(ConsumerKey(sequence), new RoutingMessage($"{run}-{sequence}")),
            "dispatch" => sequence => dispatcher.Dispatch(new RoutingMessage($"{run}-{sequence}")),
            "skeleton" => sequence => skeleton.Dispatch(new RoutingMessage($"{run}-{sequence}")),
            "skeleton-ct" => sequence => skeleton.DispatchCancellable(new RoutingMessage($"{run}-{sequence}")),
            "worker" => sequence => workers.Dispatch(new RoutingMessage($"{run}-{sequence}")),
            "grpc-worker" => sequence => grpcWorkers.Dispatch(new RoutingMessage($"{run}-{sequence}")),
            _ => throw new ArgumentException($"unknown target '{name}'", nameof(name)),
        };
    }
}
