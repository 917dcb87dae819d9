using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>Places a grain on the silo its key names, or on the first compatible silo when that one is gone.</summary>
public sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var wanted = key[..Math.Max(0, key.IndexOf('|', StringComparison.Ordinal))];
        var silos = context.GetCompatibleSilos(target);
        return Task.FromResult(silos.FirstOrDefault(s => s.ToParsableString() == wanted) ?? silos[0]);
    }
}
