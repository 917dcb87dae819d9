using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>Counts and collects activations through the management grain.</summary>
internal static class Activations
{
    public static Task<int> CountAsync(ClusterFixture fixture, string grainClassName) => CountAsync(fixture.Client, grainClassName);

    public static async Task<int> CountAsync(IClusterClient client, string grainClassName)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(grainClassName, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    public static async Task<bool> IsActiveAsync(ClusterFixture fixture, GrainId grainId)
    {
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        return statistics.Any(s => s.GrainId == grainId);
    }

    /// <summary>Collects every idle activation in the cluster and waits until <paramref name="grainId"/> is gone.</summary>
    public static async Task DeactivateAsync(ClusterFixture fixture, GrainId grainId)
    {
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        await Eventually.HoldsAsync(
            async () =>
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
                return !await IsActiveAsync(fixture, grainId);
            },
            what: $"{grainId} deactivated");
    }
}
