using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Group;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// A silo's way to its groups: one <see cref="IGroupCalls"/> per group, shared by every dispatch
/// of the silo (building a grain reference reflects over its interface, so they are kept; past
/// <c>limit</c> groups the cache starts over, since groups are usually few).
/// </summary>
internal sealed class GroupCallsSource(IGrainFactory grains, IOptions<DispatchOptions> options, TimeProvider time, int limit = 4096)
{
    private readonly ConcurrentDictionary<string, IGroupCalls> groups = new(StringComparer.Ordinal);
    private readonly IGrainFactory grains = grains;
    private readonly DispatchOptions options = options.Value;
    private readonly TimeProvider time = time;

    /// <summary>The calls to <paramref name="group"/>.</summary>
    public IGroupCalls For(string group)
    {
        if (groups.TryGetValue(group, out var calls))
        {
            return calls;
        }

        if (groups.Count >= limit)
        {
            groups.Clear();
        }

        return groups.GetOrAdd(group, static (name, source) => new BatchingGroupCalls(source.grains.GetGrain<IConsumerGroupRouterGrain>(name), source.options, source.time), this);
    }
}
