using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// Grain storage kept in the test process, outside every silo, so it survives a silo being
/// stopped (Orleans' in-memory storage keeps its data in grains on the silos). States are deep
/// copied on the way in and out, and writes checked against the stored ETag, as a real store would.
/// </summary>
/// <remarks>Keyed by the cluster's service id too: test clusters in one process share nothing.</remarks>
public sealed class SharedGrainStorage(DeepCopier copier, IOptions<ClusterOptions> cluster) : IGrainStorage
{
    private static readonly ConcurrentDictionary<(string Service, string State, GrainId Grain), (object State, string ETag)> Store = new();
    private readonly string service = cluster.Value.ServiceId;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Store.TryGetValue((service, stateName, grainId), out var stored))
        {
            grainState.State = copier.Copy((T)stored.State);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            // Nothing stored: a fresh state, as Orleans' providers give.
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (service, stateName, grainId);
        var etag = Guid.NewGuid().ToString("N");
        lock (Store)
        {
            // As real providers do: a write from a stale copy (its ETag not the stored one) is refused.
            var stored = Store.TryGetValue(key, out var current) ? current.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {stateName} of {grainId}: stored {stored ?? "none"}, written from {grainState.ETag ?? "none"}.", stored, grainState.ETag);
            }

            Store[key] = (copier.Copy(grainState.State)!, etag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Store.TryRemove((service, stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
