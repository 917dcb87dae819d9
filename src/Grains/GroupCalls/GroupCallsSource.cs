using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.GroupCalls;

/// <summary>
/// A silo's way to its groups: one <see cref="BatchingGroupCalls"/> per group, shared by every
/// dispatch of the silo for as long as the group is used (building a grain reference reflects over
/// its interface, and one batch in flight per group per silo is what batching rests on). A group
/// the silo has not called for <see cref="IdleAfter"/> has its batcher retired (its timers disposed)
/// by one sweep timer per silo; a dispatch still holding a retired one is sent on to the new one.
/// </summary>
internal sealed class GroupCallsSource : IDisposable
{
    private readonly ConcurrentDictionary<string, BatchingGroupCalls> groups = new(StringComparer.Ordinal);
    private readonly IGrainFactory grains;
    private readonly DispatchOptions options;
    private readonly TimeProvider time;
    private readonly DispatchMetrics? metrics;
    private readonly Lock sweeping = new();
    private ITimer? sweep;

    public GroupCallsSource(IGrainFactory grains, IOptions<DispatchOptions> options, TimeProvider time, DispatchMetrics? metrics = null)
    {
        this.grains = grains;
        this.options = options.Value;
        this.time = time;
        this.metrics = metrics;
        IdleAfter = TimeSpan.FromMinutes(1) + (2 * this.options.DispatchTimeout);
    }

    /// <summary>How long a group goes uncalled before its batcher is retired: past any dispatch that could still hold it.</summary>
    public TimeSpan IdleAfter { get; }

    /// <summary>How many groups the silo has a batcher for.</summary>
    public int Count => groups.Count;

    /// <summary>The calls to <paramref name="group"/>.</summary>
    public IGroupCalls For(string group)
    {
        while (true)
        {
            if (groups.TryGetValue(group, out var calls) && !calls.Retired)
            {
                return calls;
            }

            if (calls is not null)
            {
                // Retired and not yet removed (the sweep is between the two): never hand it out, its successor would be itself.
                groups.TryRemove(KeyValuePair.Create(group, calls));
                continue;
            }

            EnsureSweep();
            var made = groups.GetOrAdd(
                group,
                static (name, source) => new BatchingGroupCalls(name, source.grains.GetGrain<IConsumerGroupRouterGrain>(name), source.options, source.time, source.metrics, () => source.For(name)),
                this);
            if (!made.Retired)
            {
                return made;
            }
        }
    }

    /// <summary>Retires the batchers of groups not called for <see cref="IdleAfter"/>.</summary>
    public void RetireIdle()
    {
        var idleSince = time.GetTimestamp() - time.TimestampTicks(IdleAfter);
        foreach (var (name, calls) in groups)
        {
            if (calls.Retire(idleSince))
            {
                groups.TryRemove(KeyValuePair.Create(name, calls));
            }
        }
    }

    /// <summary>The silo stops: the sweep's timer goes; batchers keep serving the dispatches that still end, and their timers go with the process.</summary>
    public void Dispose() => sweep?.Dispose();

    private void EnsureSweep()
    {
        if (Volatile.Read(ref sweep) is not null)
        {
            return;
        }

        lock (sweeping)
        {
            sweep ??= time.CreateTimer(static source => ((GroupCallsSource)source!).RetireIdle(), this, IdleAfter, IdleAfter);
        }
    }
}
