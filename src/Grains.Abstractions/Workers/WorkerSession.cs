namespace Orleans.Dispatch.Workers;

/// <summary>What a worker process tells its group's worker grain when it joins.</summary>
/// <param name="Group">The group it consumes from.</param>
/// <param name="Consumer">Its consumer id in the group.</param>
/// <param name="MaxInFlight">The most messages it takes at once.</param>
/// <param name="AffinityTags">Its tags, for routing functions.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="Lease">How long its registration lasts without a renewal.</param>
/// <param name="Streamed">Whether the worker is a stream of the worker protocol served by a silo (not an Orleans client): its death is the stream's end, told by <see cref="IWorkerGrain.Gone"/>, not a gateway connection's close.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.WorkerSession")]
internal sealed record WorkerSession(
    [property: Id(0)] string Group,
    [property: Id(1)] ConsumerId Consumer,
    [property: Id(2)] int MaxInFlight,
    [property: Id(3)] string[] AffinityTags,
    [property: Id(4)] string Host,
    [property: Id(5)] int ProcessId,
    [property: Id(6)] TimeSpan Lease,
    [property: Id(7)] bool Streamed = false);
