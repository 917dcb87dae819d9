using Orleans.Concurrency;

namespace Orleans.Dispatch.Bench.Grains;

[Reentrant]
internal sealed class KeyedBenchConsumerGrain : Grain, IKeyedBenchConsumerGrain
{
    public static readonly TimeSpan Stall = TimeSpan.FromMilliseconds(200);

    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) =>
        message.TryGetField("stall", out var stall) && stall.TryGetBoolean(out var yes) && yes
            ? Task.Delay(Stall, cancellationToken)
            : Task.CompletedTask;
}
