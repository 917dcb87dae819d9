namespace Orleans.Dispatch.Bench.Grains;

/// <summary>Answers every routing call with the next of the bench's consumers, and does nothing else (not reentrant, like the group grain).</summary>
internal sealed class SkeletonGroupGrain : Grain, ISkeletonGroupGrain
{
    private SkeletonGrant[] grants = [];
    private long next;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        grants = [.. Enumerable.Range(0, 8).Select(i => new SkeletonGrant(new ConsumerId($"c{i}"), GrainFactory.GetGrain<IBenchConsumerGrain>($"c{i}")))];
        return Task.CompletedTask;
    }

    public Task<SkeletonGrant> Route(RoutingMessage message) => Task.FromResult(grants[next++ % grants.Length]);

    public Task Complete(string messageId) => Task.CompletedTask;
}
