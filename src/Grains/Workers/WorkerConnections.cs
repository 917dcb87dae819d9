using System.Collections.Concurrent;
using System.Text;

namespace Orleans.Dispatch.Workers;

/// <summary>
/// A silo's record of which worker processes are attached through its gateway, and the news that
/// one's connection closed, the moment it does (the worker died, or its network did), as
/// <see cref="GatewayConnectionWatch"/> reports it. A client's connection opens with its identity
/// (Orleans' connection preamble carries the client's id), which is how a closed connection is
/// matched to the workers that client attached.
/// </summary>
internal sealed class WorkerConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, Action>> watchers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, OpeningCapture> open = new();
    private long nextWatch;
    private long nextConnection;

    /// <summary>A gateway connection opened: its opening is kept while it is open, so that an attach can check that it names the client.</summary>
    /// <returns>The connection's number, for <see cref="Closed(long)"/>.</returns>
    public long Opened(OpeningCapture opening)
    {
        var id = Interlocked.Increment(ref nextConnection);
        open[id] = opening;
        return id;
    }

    /// <summary>Whether an open gateway connection's opening names client <paramref name="clientKey"/>: a worker of that client is watched.</summary>
    public bool Identifies(string clientKey)
    {
        var key = Encoding.UTF8.GetBytes(clientKey);
        foreach (var opening in open.Values)
        {
            if (opening.Captured.IndexOf(key) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gateway connection <paramref name="connection"/> closed: the workers of the client its opening names are gone.</summary>
    public void Closed(long connection)
    {
        if (open.TryRemove(connection, out var opening))
        {
            Closed(opening.Captured);
        }
    }

    /// <summary>Calls <paramref name="closed"/> (on a thread-pool thread) when a gateway connection of client <paramref name="clientKey"/> closes, until the result is disposed.</summary>
    public IDisposable Watch(string clientKey, Action closed)
    {
        var id = Interlocked.Increment(ref nextWatch);
        watchers.GetOrAdd(clientKey, _ => new ConcurrentDictionary<long, Action>())[id] = closed;
        return new Unwatch(this, clientKey, id);
    }

    /// <summary>A gateway connection closed; <paramref name="opening"/> holds the first bytes it received (its preamble).</summary>
    private void Closed(ReadOnlySpan<byte> opening)
    {
        if (watchers.IsEmpty || opening.IsEmpty)
        {
            return;
        }

        foreach (var (clientKey, callbacks) in watchers)
        {
            if (opening.IndexOf(Encoding.UTF8.GetBytes(clientKey)) >= 0 && watchers.TryRemove(clientKey, out _))
            {
                foreach (var callback in callbacks.Values)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static action => action(), callback, preferLocal: false);
                }
            }
        }
    }

    private sealed class Unwatch(WorkerConnections connections, string clientKey, long id) : IDisposable
    {
        public void Dispose()
        {
            if (connections.watchers.TryGetValue(clientKey, out var callbacks))
            {
                callbacks.TryRemove(id, out _);
            }
        }
    }
}
