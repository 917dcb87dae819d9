namespace Orleans.Dispatch.Workers;

/// <summary>
/// A worker process's side of its consumer, called over the worker's gateway connection: it runs
/// the worker's handler. Returning is the acknowledgement; throwing is a crash.
/// </summary>
[Alias("Orleans.Dispatch.IWorkerObserver")]
internal interface IWorkerObserver : IGrainObserver
{
    /// <summary>Hands <paramref name="message"/> to the worker's handler. Interleaved: a client runs an observer's calls one at a time otherwise, and a worker takes up to its MaxInFlight at once.</summary>
    [Alias("Consume"), Orleans.Concurrency.AlwaysInterleave]
    Task Consume(RoutingMessage message, CancellationToken cancellationToken = default);
}
