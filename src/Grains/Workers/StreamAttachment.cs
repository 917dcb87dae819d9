namespace Orleans.Dispatch.Workers;

/// <summary>
/// A stream worker as the silo serving its stream knows it: the session it attached with, the
/// stream itself (handed each message with a plain call) and the Orleans reference to the stream
/// (for a grain that is not on this silo). Kept while the stream is open, so that a new activation
/// of the worker's grain on this silo (the previous one was lost: deactivated because the silo
/// holding its directory entry died, or collected) takes the worker over instead of losing it.
/// </summary>
/// <param name="session">What the worker attached with.</param>
/// <param name="stream">The stream, on this silo.</param>
/// <param name="reference">The Orleans reference to <paramref name="stream"/>.</param>
internal sealed class StreamAttachment(WorkerSession session, IWorkerObserver stream, IWorkerObserver reference)
{
    private volatile bool joined;

    /// <summary>What the worker attached with.</summary>
    public WorkerSession Session { get; } = session;

    /// <summary>The stream, on this silo.</summary>
    public IWorkerObserver Stream { get; } = stream;

    /// <summary>The Orleans reference to <see cref="Stream"/>.</summary>
    public IWorkerObserver Reference { get; } = reference;

    /// <summary>Whether the worker's first attach reached its group: from then on a new activation takes it over.</summary>
    public bool Joined => joined;

    /// <summary>Marks the first attach done.</summary>
    public void MarkJoined() => joined = true;
}
