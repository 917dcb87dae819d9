using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// The <c>dispatch</c> storage provider of test silos: <see cref="SharedGrainStorage"/>, with
/// faults a test arms for the next write of one grain: a write that fails before it is stored,
/// one that is stored and then reports failure (a timeout after the commit), or one held until
/// the test lets it go. Silos of test clusters run in the test process, so arming is a static call.
/// </summary>
public sealed class FaultyGrainStorage(DeepCopier copier, IOptions<ClusterOptions> cluster) : IGrainStorage
{
    private static readonly ConcurrentDictionary<GrainId, ConcurrentQueue<StorageFault>> Armed = new();
    private readonly SharedGrainStorage inner = new(copier, cluster);

    /// <summary>Makes the next write of <paramref name="grain"/>'s state behave as <paramref name="fault"/> says.</summary>
    public static void Arm(IAddressable grain, StorageFault fault) => Arm(grain.GetGrainId(), fault);

    /// <inheritdoc cref="Arm(IAddressable, StorageFault)"/>
    public static void Arm(GrainId grain, StorageFault fault) => Armed.GetOrAdd(grain, _ => new()).Enqueue(fault);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!Armed.TryGetValue(grainId, out var faults) || !faults.TryDequeue(out var fault))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        fault.Reached.TrySetResult();
        switch (fault.Kind)
        {
            case StorageFaultKind.FailBeforeStoring:
                throw new TimeoutException($"injected: the write of {stateName} of {grainId} failed and nothing was stored");
            case StorageFaultKind.FailAfterStoring:
                // Stored, but the caller hears of a failure and keeps its old ETag, as after a timeout.
                var etag = grainState.ETag;
                await inner.WriteStateAsync(stateName, grainId, grainState);
                grainState.ETag = etag;
                throw new TimeoutException($"injected: the write of {stateName} of {grainId} was stored, then reported as failed");
            default:
                await fault.Released.Task;
                await inner.WriteStateAsync(stateName, grainId, grainState);
                return;
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
