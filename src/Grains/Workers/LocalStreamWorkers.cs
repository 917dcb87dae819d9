using System.Collections.Concurrent;

namespace Orleans.Dispatch.Workers;

/// <summary>
/// The stream workers whose streams this silo serves, by worker grain key. A stream worker's grain
/// is placed on the silo that serves its stream (<see cref="WorkerPlacementDirector"/>), so the grain
/// finds the stream here and hands it each message with a plain call, not through an Orleans object
/// reference (which would cost every message a serialized message hop inside the silo); and a new
/// activation of the grain finds the worker it must go on serving. A grain that does not find it
/// (activated elsewhere) falls back to the reference.
/// </summary>
internal sealed class LocalStreamWorkers
{
    private readonly ConcurrentDictionary<string, StreamAttachment> streams = new(StringComparer.Ordinal);

    /// <summary>Records the stream of worker grain <paramref name="key"/> until the returned handle is disposed.</summary>
    public IDisposable Register(string key, StreamAttachment attachment)
    {
        if (!streams.TryAdd(key, attachment))
        {
            throw new InvalidOperationException($"A stream is already registered for worker grain '{key}'.");
        }

        return new Registration(streams, key);
    }

    /// <summary>The stream of worker grain <paramref name="key"/>, when this silo serves it.</summary>
    public StreamAttachment? Find(string key) => streams.TryGetValue(key, out var attachment) ? attachment : null;

    private sealed class Registration(ConcurrentDictionary<string, StreamAttachment> streams, string key) : IDisposable
    {
        public void Dispose() => streams.TryRemove(key, out _);
    }
}
