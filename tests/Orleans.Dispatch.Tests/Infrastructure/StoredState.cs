using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Grains;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Infrastructure;

/// <summary>
/// Writes a group's persisted state behind the grain's back, as another silo version would have
/// (a rolling deploy), then deactivates the group so its next call reads it.
/// </summary>
internal static class StoredState
{
    public static async Task SetRoutingFunctionAsync(ClusterFixture fixture, string group, string function)
    {
        var silo = (InProcessSiloHandle)fixture.Cluster.Primary!;
        var storage = silo.SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(DispatchDefaults.StorageProviderName);
        var grainId = fixture.Client.GetGrain<IConsumerGroupGrain>(group).GetGrainId();
        var state = new GrainState<ConsumerGroupState>(new ConsumerGroupState());
        await storage.ReadStateAsync("group", grainId, state);
        state.State = new ConsumerGroupState { RoutingFunction = function, Consumers = state.State?.Consumers ?? [] };
        await storage.WriteStateAsync("group", grainId, state);
        await Activations.DeactivateAsync(fixture, grainId);
    }
}
