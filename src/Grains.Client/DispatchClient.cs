using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Dispatch;

/// <summary>The registered <see cref="IDispatchClient"/>.</summary>
internal sealed class DispatchClient(IGrainFactory grains, IOptions<DispatchClientOptions> options, TimeProvider time, ILogger<DispatchClient> logger) : IDispatchClient
{
    /// <summary>How many group references to keep: past it the cache starts over (groups are usually few).</summary>
    private const int CacheLimit = 4096;

    // Building a grain reference looks its interface type up by reflection: one per group is enough.
    private readonly ConcurrentDictionary<string, IDispatchGrain> dispatchers = new(StringComparer.Ordinal);

    public Task<DispatchOutcome> DispatchAsync(string group, RoutingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentNullException.ThrowIfNull(message);
        if (!dispatchers.TryGetValue(group, out var dispatcher))
        {
            if (dispatchers.Count >= CacheLimit)
            {
                dispatchers.Clear();
            }

            dispatcher = dispatchers.GetOrAdd(group, g => grains.GetGrain<IDispatchGrain>(g));
        }

        return RetryingDispatch.RunAsync(token => dispatcher.Dispatch(message, token), group, message.Id, options.Value, time, logger, cancellationToken);
    }
}
