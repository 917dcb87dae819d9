namespace Orleans.Dispatch.Workers;

/// <summary>
/// One process of a worker in a group (keyed by group, consumer id and a session id the process
/// draws at start), living on the silo whose gateway the worker attached through: it is the
/// consumer the group routes to, forwards each message to the worker, and sees the worker's
/// connection close.
/// </summary>
[Alias("Orleans.Dispatch.IWorkerGrain")]
internal interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Attaches the worker process behind <paramref name="observer"/> and registers it in its group.</summary>
    [Alias("Attach")]
    Task Attach(WorkerSession session, IWorkerObserver observer);

    /// <summary>Keeps the registration alive for another lease; false when this grain has no worker attached (the worker attaches again).</summary>
    [Alias("Renew")]
    Task<bool> Renew();

    /// <summary>The worker is gone (its stream ended): every message in flight to it is a crash, rerouted at once, and it leaves the group.</summary>
    [Alias("Gone")]
    Task Gone(string reason);

    /// <summary>Leaves the group gracefully: no new messages, and returns once every message already granted to the worker has ended.</summary>
    [Alias("Leave")]
    Task Leave(TimeSpan patience);
}
