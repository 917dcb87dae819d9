using Orleans.Concurrency;

namespace Orleans.Dispatch.Bench.Grains;

/// <summary>
/// The same calls as a dispatch's happy path, made by a grain that does nothing else: a routing
/// call to the group, the consumer's call, a one-way completion to the group. A stateless worker
/// with one activation per silo that runs its calls off its scheduler, like the dispatch grain.
/// </summary>
[StatelessWorker(1), Reentrant]
internal sealed class SkeletonEntryGrain(IGrainFactory grains) : Grain, ISkeletonEntryGrain
{
    private ISkeletonGroupGrain? group;

#pragma warning disable ORLEANS0014 // Off the scheduler, as the dispatch grain runs.
    public async Task<DispatchOutcome> Dispatch(RoutingMessage message)
    {
        group ??= grains.GetGrain<ISkeletonGroupGrain>(this.GetPrimaryKeyString());
        var grant = await group.Route(message).ConfigureAwait(false);
        await grant.Target.Consume(message).ConfigureAwait(false);
        _ = group.Complete(message.Id);
        return new DispatchOutcome(message.Id, grant.Consumer, "skeleton", []);
    }

    public async Task<DispatchOutcome> DispatchCancellable(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        group ??= grains.GetGrain<ISkeletonGroupGrain>(this.GetPrimaryKeyString());
        var grant = await group.Route(message).ConfigureAwait(false);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await grant.Target.Consume(message, attempt.Token).ConfigureAwait(false);
        _ = group.Complete(message.Id);
        return new DispatchOutcome(message.Id, grant.Consumer, "skeleton-ct", []);
    }
#pragma warning restore ORLEANS0014
}
