namespace Orleans.Dispatch;

/// <summary>A consumer that is a worker process outside the silos (an Orleans client, or a worker on the worker protocol), as its group knows it.</summary>
/// <param name="Host">The machine the worker runs on.</param>
/// <param name="ProcessId">The worker's process id on that machine.</param>
/// <param name="Gateway">The silo the worker attached through (its connection's silo: the gateway's, or the one serving its stream).</param>
/// <param name="Since">When this process of the worker joined the group.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.WorkerInfo")]
public sealed record WorkerInfo(
    [property: Id(0)] string Host,
    [property: Id(1)] int ProcessId,
    [property: Id(2)] string Gateway,
    [property: Id(3)] DateTimeOffset Since)
{
    /// <summary>Gets how the worker is connected: an Orleans client, or a stream on the worker protocol.</summary>
    [Id(4)]
    public WorkerKind Kind { get; init; }
}
