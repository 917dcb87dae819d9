using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// Where a grain's pieces live in a cluster of real silos: the silo hosting its activation, and
/// the silo owning its entry in Orleans' default grain directory (the one the silo host runs).
/// </summary>
internal static class ClusterTopology
{
    public static async Task<SiloAddress[]> ActiveSilosAsync(IClusterClient client) =>
        [.. (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys];

    public static async Task<SiloAddress> HostOfAsync(IClusterClient client, IAddressable grain) =>
        await client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain)
        ?? throw new InvalidOperationException($"{grain.GetGrainId()} has no activation.");

    /// <summary>
    /// The silo whose directory partition holds <paramref name="grain"/>'s registration, as
    /// Orleans' <c>LocalGrainDirectory</c> computes it: the active silos on a ring ordered by their
    /// consistent hash, the owner being the last one whose hash does not exceed the grain's
    /// uniform hash (wrapping to the last one). The failover test checks it against the silo's
    /// own log when the owner dies, so a change in Orleans' ring shows as a failing test.
    /// </summary>
    public static SiloAddress DirectoryOwnerOf(GrainId grain, IEnumerable<SiloAddress> activeSilos)
    {
        var ring = activeSilos.Order(Comparer<SiloAddress>.Create(static (left, right) =>
        {
            var byHash = left.GetConsistentHashCode().CompareTo(right.GetConsistentHashCode());
            return byHash != 0 ? byHash : left.CompareTo(right);
        })).ToList();
        var hash = unchecked((int)grain.GetUniformHashCode());
        for (var i = ring.Count - 1; i >= 0; i--)
        {
            if (ring[i].GetConsistentHashCode() <= hash)
            {
                return ring[i];
            }
        }

        return ring[^1];
    }
}
