using Orleans.Concurrency;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>The group's side of worker processes: their registrations, made and ended by their worker grains.</summary>
[Alias("Orleans.Dispatch.IConsumerGroupWorkersGrain")]
internal interface IConsumerGroupWorkersGrain : IGrainWithStringKey
{
    /// <summary>Registers a worker process (replacing any registration of its id: a restarted worker is a new consumer) with where it runs.</summary>
    [Alias("AddWorker"), AlwaysInterleave]
    Task AddWorker(ConsumerRegistration registration, WorkerInfo worker);

    /// <summary>Removes <paramref name="consumer"/> if it is still registered as <paramref name="worker"/> (and not as a later process of the same worker).</summary>
    /// <returns>True when it was.</returns>
    [Alias("RemoveWorker"), AlwaysInterleave]
    Task<bool> RemoveWorker(ConsumerId consumer, GrainId worker);

    /// <summary>Completes when no attempt granted to <paramref name="consumer"/> (removed, draining) is in flight, or after <paramref name="patience"/>.</summary>
    /// <returns>True when it drained in time.</returns>
    [Alias("AwaitDrained"), AlwaysInterleave]
    Task<bool> AwaitDrained(ConsumerId consumer, TimeSpan patience);
}
