using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orleans.Dispatch.Workers;

/// <summary>
/// Places a worker grain (<see cref="WorkerPlacement"/>). A stream worker's grain goes to the silo
/// serving its stream whoever calls it first, so that a new activation (the previous one lost with
/// the silo that held its directory entry, or collected) finds the stream and takes it over; were
/// it placed beside a caller elsewhere, it would find no worker and drop a live one from its group.
/// When that silo is not among the compatible ones (it died with the stream), or for any other
/// worker, the grain goes to the silo placing it, as <c>PreferLocalPlacement</c> does.
/// </summary>
internal sealed class WorkerPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var compatible = context.GetCompatibleSilos(target);
        if (WorkerKey.ServingSilo(target.GrainIdentity.Key.ToString()) is { } serving && Array.IndexOf(compatible, serving) >= 0)
        {
            return Task.FromResult(serving);
        }

        if (context.LocalSiloStatus == SiloStatus.Active && Array.IndexOf(compatible, context.LocalSilo) >= 0)
        {
            return Task.FromResult(context.LocalSilo);
        }

        return Task.FromResult(compatible[Random.Shared.Next(compatible.Length)]);
    }
}
