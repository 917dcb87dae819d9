using Orleans.Concurrency;

namespace Orleans.Dispatch.Bench.Grains;

[Reentrant]
internal sealed class BenchConsumerGrain : Grain, IBenchConsumerGrain
{
    private bool crash;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        crash = this.GetPrimaryKeyString().StartsWith("crash", StringComparison.Ordinal);
        return Task.CompletedTask;
    }

    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) =>
        crash ? Task.FromException(new InvalidOperationException("crashes on purpose")) : Task.CompletedTask;
}
