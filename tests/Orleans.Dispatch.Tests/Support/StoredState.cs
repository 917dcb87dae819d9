using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Group;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Orleans.Dispatch.Group.Registrations;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Writes a group's persisted state behind the grain's back, as another silo version would have
/// (a rolling deploy) or another activation of the group, and deactivates the group so its next call
/// reads it, or leaves it to find out on its next write.
/// </summary>
internal static class StoredState
{
    public static Task SetRoutingFunctionAsync(ClusterFixture fixture, string group, string function) =>
        ChangeAsync(fixture, group, state => new ConsumerGroupState { RoutingFunction = function, Consumers = state.Consumers, Listed = state.Listed });

    /// <summary>Replaces the group's stored state with what <paramref name="change"/> makes of it, then deactivates the group.</summary>
    public static async Task ChangeAsync(ClusterFixture fixture, string group, Func<ConsumerGroupState, ConsumerGroupState> change)
    {
        await WriteBehindAsync(fixture, group, change);
        await Activations.DeactivateAsync(fixture, fixture.Client.GetGrain<IConsumerGroupGrain>(group).GetGrainId());
    }

    /// <summary>
    /// Replaces the group's stored state with what <paramref name="change"/> makes of it and leaves the
    /// group active: its next write finds another writer's ETag, as when an activation lost with its
    /// silo finishes its last write after the next one loaded.
    /// </summary>
    public static async Task WriteBehindAsync(ClusterFixture fixture, string group, Func<ConsumerGroupState, ConsumerGroupState> change)
    {
        var silo = (InProcessSiloHandle)fixture.Cluster.Primary!;
        var storage = silo.SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(DispatchDefaults.StorageProviderName);
        var grainId = fixture.Client.GetGrain<IConsumerGroupGrain>(group).GetGrainId();
        var state = new GrainState<ConsumerGroupState>(new ConsumerGroupState());
        await storage.ReadStateAsync("group", grainId, state);
        state.State = change(state.State ?? new ConsumerGroupState());
        await storage.WriteStateAsync("group", grainId, state);
    }
}
