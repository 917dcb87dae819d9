namespace Orleans.Dispatch;

/// <summary>A consumer that is a worker process outside the silos (an Orleans client), as its group knows it.</summary>
/// <param name="Host">The machine the worker runs on.</param>
/// <param name="ProcessId">The worker's process id on that machine.</param>
/// <param name="Gateway">The silo whose gateway the worker attached through (its connection's silo).</param>
/// <param name="Since">When this process of the worker joined the group.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.WorkerInfo")]
public sealed record WorkerInfo(
    [property: Id(0)] string Host,
    [property: Id(1)] int ProcessId,
    [property: Id(2)] string Gateway,
    [property: Id(3)] DateTimeOffset Since);
